// Reports API latency: GET /reports/campaigns/{id} and /period?period=HOURS for a campaign with
// many stored one-minute periods, through the platform's HTTP API, against one DynamoDB GetItem.
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import type { PartialAccumulator } from '@sdp/aggregation-engine'
import { SDP_RESOURCES } from '@sdp/infra'
import { ResultsTable, mergePartials, packPartials, resultVersion } from '@sdp/stream-runtime'
import { median, summarizeLatencies, type LatencySummary } from '../harness/measure.js'
import type { BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { withPlatform } from '../harness/platform.js'

const CAMPAIGN = 1_463_517
const PERIOD_MS = 60_000
const FIRST_PERIOD = Date.parse('2026-11-01T00:00:00Z')

/** `periods` one-minute partials of one campaign, as the reporting handler writes them (one per shard flush). */
function partials(periods: number): PartialAccumulator[] {
  return Array.from({ length: periods }, (_, i) => {
    const start = FIRST_PERIOD + i * PERIOD_MS
    const seq = String(49_590_338_271_490_256_608_559_692_538_361_571n + BigInt(i) * 1000n)
    return { id: `shardId-00000000000${i % 2}:${seq}-${seq}`, key: CAMPAIGN, window: { start, end: start + PERIOD_MS }, accumulator: [10 + (i % 7), 6 + (i % 5), i % 3] }
  })
}

/** Milliseconds of each of `runs` calls of `fn`, after `warmup` unrecorded calls. */
async function timeCalls(fn: () => Promise<void>, runs: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    out.push(performance.now() - t0)
  }
  return out
}

/** Per-round medians and p99s, and their medians: each round is one "run" of the harness's median-of-runs. */
async function rounds(fn: () => Promise<void>, rounds: number, perRound: number, warmup: number) {
  const all: number[] = []
  const p50s: number[] = []
  for (let r = 0; r < rounds; r++) {
    const ms = await timeCalls(fn, perRound, r === 0 ? warmup : 0)
    all.push(...ms)
    p50s.push(summarizeLatencies(ms).p50)
  }
  const summary: LatencySummary = summarizeLatencies(all)
  return { ...summary, medianOfRoundP50s: median(p50s), samples: all.length }
}

async function get(url: string, check: (body: unknown) => void): Promise<void> {
  const res = await fetch(url)
  const body = (await res.json()) as unknown
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body)}`)
  check(body)
}

export const reportsApiSuite: BenchmarkSuite = {
  name: 'reports-api',
  async run({ quick }) {
    const periods = quick ? 1_000 : 10_000
    const [roundsCount, perRound, warmup] = quick ? [2, 5, 2] : [5, 20, 5]
    return withPlatform('bench-reports', { windowSeconds: 5 }, async (platform) => {
      const { dynamodb } = platform.services
      const stored = partials(periods)
      const t0 = performance.now()
      const sum = (a: unknown, b: unknown) => (a as number[]).map((x, i) => x + ((b as number[])[i] ?? 0))
      const merged = mergePartials(packPartials(stored, 'shardId-000000000000').flat().map((record) => ({ record, arrivalTime: FIRST_PERIOD })), new Map(), sum, Number.MAX_SAFE_INTEGER)
      await new ResultsTable({ dynamodb, tableName: SDP_RESOURCES.aggregatesTable }).write(merged.items, resultVersion(0, '1'))
      const writeSeconds = (performance.now() - t0) / 1000
      const want = stored.reduce((a, p) => {
        const [b, i, c] = p.accumulator as number[]
        return { bids: a.bids + (b ?? 0), imps: a.imps + (i ?? 0), clicks: a.clicks + (c ?? 0) }
      }, { bids: 0, imps: 0, clicks: 0 })
      const hours = Math.ceil((periods * PERIOD_MS) / 3_600_000)

      const totals = await rounds(() => get(`${platform.url}/reports/campaigns/${CAMPAIGN}`, (body) => {
        const b = body as typeof want
        if (b.bids !== want.bids || b.imps !== want.imps || b.clicks !== want.clicks) throw new Error(`totals ${JSON.stringify(b)} != ${JSON.stringify(want)}`)
      }), roundsCount, perRound, warmup)
      const hourly = await rounds(() => get(`${platform.url}/reports/campaigns/${CAMPAIGN}/period?period=HOURS`, (body) => {
        const rows = Array.isArray(body) ? body : (body as { rows?: unknown[] }).rows
        if (!Array.isArray(rows) || rows.length < hours - 1 || rows.length > hours + 1) throw new Error(`expected about ${hours} hourly rows, got ${JSON.stringify(body).slice(0, 200)}`)
      }), roundsCount, perRound, warmup)
      const key = { pk: { S: 'dir' }, sk: { S: String(CAMPAIGN) } }
      const getItem = await rounds(async () => {
        const out = await dynamodb.send(new GetItemCommand({ TableName: SDP_RESOURCES.aggregatesTable, Key: key }))
        if (!out.Item) throw new Error('GetItem found nothing')
      }, roundsCount, perRound, warmup)

      const fixed = (n: number) => Number(n.toFixed(2))
      return [
        {
          name: 'reports-api',
          description: `GET /reports/campaigns/{id} (totals) and /period?period=HOURS (${hours} hourly rows) through the local API for a campaign with ${periods.toLocaleString('en-US')} stored one-minute periods in dynalite; baseline: one DynamoDB GetItem of one item`,
          metrics: {
            storedPeriods: periods,
            totalsP50Ms: fixed(totals.p50),
            totalsP99Ms: fixed(totals.p99),
            hourlyP50Ms: fixed(hourly.p50),
            hourlyP99Ms: fixed(hourly.p99),
            getItemP50Ms: fixed(getItem.p50),
            getItemP99Ms: fixed(getItem.p99),
            totalsOverGetItemX: fixed(totals.medianOfRoundP50s / getItem.medianOfRoundP50s),
            hourlyOverGetItemX: fixed(hourly.medianOfRoundP50s / getItem.medianOfRoundP50s),
            msPerStoredPeriod: Number((totals.medianOfRoundP50s / periods).toFixed(4)),
          },
          targets: [],
          details: { rounds: roundsCount, requestsPerRound: perRound, warmup, totals, hourly, getItem, writeSeconds: fixed(writeSeconds), note: 'the platform (heartbeats, window emulator) runs meanwhile, as it would for a user' },
        },
      ]
    })
  },
}
