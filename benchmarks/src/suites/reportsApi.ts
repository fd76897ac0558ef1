// Reports API latency over a long stored history: GET /reports/campaigns/{id} (totals) and
// /period for a campaign with a year of one-minute periods, written by the platform's own two
// reporting stages from real events posted over HTTP, against one DynamoDB GetItem.
import { loadavg } from 'node:os'
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SDP_RESOURCES } from '@sdp/infra'
import { DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { DAY_MS, dayOf, totalsItemKey } from '@sdp/stream-runtime'
import { median, roundTo, summarizeLatencies } from '../harness/measure.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { untilCaughtUp } from '../harness/untilCaughtUp.js'
import { untilHealthy, withPlatform } from '../harness/platform.js'
import { postEvents } from '../harness/postEvents.js'
import { untilReportsExact, type CampaignTotals } from '../harness/untilReportsExact.js'
import { expectedTotals, historyBatches, historyEventCount } from './reportsHistory.js'

/** How much history the suite lays down and how long it measures. */
interface ReportsSettings {
  /** One-minute periods of the large campaign; the small one has a thousandth of them. */
  readonly periods: number
  readonly windowSeconds: number
  readonly batch: number
  readonly inFlight: number
  /** Rounds of every request in turn, after `warmup` unrecorded ones. */
  readonly rounds: number
  readonly warmup: number
}

const YEAR_OF_MINUTES = 365 * 1_440
const FULL: ReportsSettings = { periods: YEAR_OF_MINUTES, windowSeconds: 20, batch: 500, inFlight: 2, rounds: 1_000, warmup: 50 }
const QUICK: ReportsSettings = { periods: 3 * 1_440, windowSeconds: 1, batch: 500, inFlight: 2, rounds: 20, warmup: 5 }

const LARGE = 1_463_517
const SMALL = 1_463_518
const HOURS_ZONE = 'UTC'
const MONTHS_ZONE = 'Asia/Kathmandu'
/** How far past one window a consumer may be behind its stream's tip and count as caught up. */
const CAUGHT_UP_SLACK_MS = 5_000
/** Well over the year laid down: stage 2 refuses partials for periods older than the lateness + 1 day of arrival time. */
const ALLOWED_LATENESS_MS = 2 * 365 * DAY_MS

type Check = (body: unknown) => void

async function get(url: string, check: Check): Promise<void> {
  const res = await fetch(url)
  const body = await res.json()
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
  check(body)
}

const totalsAre =
  (want: CampaignTotals): Check =>
  (body) => {
    const b = body as CampaignTotals
    if (b.bids !== want.bids || b.imps !== want.imps || b.clicks !== want.clicks) throw new Error(`totals ${JSON.stringify(b)} != ${JSON.stringify(want)}`)
  }

/** Rows of a period report whose bids add up to `bids`, `rows` of them when given. */
const rowsAre =
  (bids: number, rows?: number): Check =>
  (body) => {
    const list = (body as { rows?: Array<{ bids: number }> }).rows
    const sum = Array.isArray(list) ? list.reduce((n, r) => n + r.bids, 0) : Number.NaN
    if (sum !== bids || (rows !== undefined && list?.length !== rows))
      throw new Error(`expected ${rows ?? 'some'} rows of ${bids} bids in all, got ${JSON.stringify(body).slice(0, 300)}`)
  }

/**
 * Milliseconds of each request of `steps`, called in turn (a, b, c, a, b, c, …) for `rounds`
 * rounds after `warmup` unrecorded ones, so a change in the machine's load falls on all alike.
 */
async function timeInTurn(steps: Record<string, () => Promise<void>>, rounds: number, warmup: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((k) => [k, []]))
  for (let i = 0; i < warmup + rounds; i++) {
    for (const [name, step] of Object.entries(steps)) {
      const t0 = performance.now()
      await step()
      if (i >= warmup) out[name]?.push(performance.now() - t0)
    }
  }
  return out
}

/** Resolves once `check` resolves, calling it again 200 ms after each rejection; rethrows its error after `timeoutMs`. */
async function untilPasses(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (performance.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

type HistorySpec = Parameters<typeof historyBatches>[0]

/** Lays the history down: ingest → event stream → stage 1 → partials stream → stage 2 → results table. */
async function layDownHistory(url: string, spec: HistorySpec, inFlight: number, t0: number) {
  let shown = 0
  return postEvents(url, historyBatches(spec), {
    inFlight,
    onProgress: (n) => {
      if (n - shown >= 100_000)
        console.log(`reports-api: ${(shown = n).toLocaleString('en-US')} events posted, ${Math.round((performance.now() - t0) / 1000)} s`)
    },
  })
}

/** The ranges asked for: a week of hours in the middle of the history, and the whole history. */
function reportRanges(periods: number, start: number): { weekFrom: number; weekTo: number; yearTo: number } {
  const days = Math.floor(periods / 1_440)
  const weekFrom = start + Math.max(0, Math.floor(days / 2) - 3) * DAY_MS
  const weekTo = weekFrom + Math.min(7, days) * DAY_MS
  return { weekFrom, weekTo, yearTo: start + periods * 60_000 }
}

interface Ranges {
  readonly start: number
  readonly weekFrom: number
  readonly weekTo: number
  readonly yearTo: number
  readonly periods: number
}

/** The requests timed, each checking its answer; the baseline reads the totals item straight from DynamoDB. */
function reportSteps(url: string, dynamodb: Pick<DynamoDBClient, 'send'>, expected: ReadonlyMap<number, CampaignTotals>, r: Ranges) {
  const weekBids = Math.min(r.periods, (r.weekTo - r.start) / 60_000) - (r.weekFrom - r.start) / 60_000
  const large = expected.get(LARGE) as CampaignTotals
  const reports = `${url}/reports/campaigns`
  return {
    totalsLarge: () => get(`${reports}/${LARGE}`, totalsAre(large)),
    totalsSmall: () => get(`${reports}/${SMALL}`, totalsAre(expected.get(SMALL) as CampaignTotals)),
    hoursWeek: () =>
      get(
        `${reports}/${LARGE}/period?period=HOURS&timezone=${HOURS_ZONE}&from=${r.weekFrom}&to=${r.weekTo}`,
        rowsAre(weekBids, (r.weekTo - r.weekFrom) / 3_600_000),
      ),
    monthsYear: () =>
      get(`${reports}/${LARGE}/period?period=MONTHS&timezone=${encodeURIComponent(MONTHS_ZONE)}&from=${r.start}&to=${r.yearTo}`, rowsAre(large.bids)),
    getItem: async () => {
      const out = await dynamodb.send(new GetItemCommand({ TableName: SDP_RESOURCES.aggregatesTable, Key: totalsItemKey(String(LARGE)) }))
      if (!out.Item) throw new Error('GetItem found nothing')
    },
  }
}

type StepName = keyof ReturnType<typeof reportSteps>

function latencyMetrics(ms: Record<string, number[]>, run: { periods: number; small: number; layDownSeconds: number }) {
  const sum = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, summarizeLatencies(v)])) as Record<StepName, ReturnType<typeof summarizeLatencies>>
  const med = (k: StepName) => median(ms[k] as number[])
  const largeOverSmall = roundTo(med('totalsLarge') / med('totalsSmall'), 3)
  const metrics = {
    largeCampaignPeriods: run.periods,
    smallCampaignPeriods: run.small,
    totalsLargeP50Ms: sum.totalsLarge.p50,
    totalsLargeP99Ms: sum.totalsLarge.p99,
    totalsSmallP50Ms: sum.totalsSmall.p50,
    totalsLargeOverSmallX: largeOverSmall,
    hoursWeekUtcP50Ms: sum.hoursWeek.p50,
    hoursWeekUtcP99Ms: sum.hoursWeek.p99,
    monthsYearKathmanduP50Ms: sum.monthsYear.p50,
    monthsYearKathmanduP99Ms: sum.monthsYear.p99,
    getItemP50Ms: sum.getItem.p50,
    getItemP99Ms: sum.getItem.p99,
    totalsOverGetItemX: roundTo(med('totalsLarge') / med('getItem'), 2),
    layDownSeconds: Math.round(run.layDownSeconds),
  }
  return { sum, largeOverSmall, metrics }
}

/**
 * The history laid down: the large campaign's periods and the small one's `small`.
 * It ends two days before now (ingest refuses a ts more than 5 minutes ahead) and starts on a UTC
 * day, so the ranges asked for are whole days.
 */
function historySpec(s: ReportsSettings, small: number): HistorySpec {
  const start = dayOf(Date.now() - Math.ceil(s.periods / 1_440 + 2) * DAY_MS)
  const campaigns = [
    { campaign: LARGE, periods: s.periods },
    { campaign: SMALL, periods: small },
  ]
  return { start, batch: s.batch, campaigns }
}

export const reportsApiSuite: BenchmarkSuite = {
  name: 'reports-api',
  async run({ quick }) {
    const s = quick ? QUICK : FULL
    const small = Math.ceil(s.periods / 1_000)
    const spec = historySpec(s, small)
    const { start } = spec
    const expected = expectedTotals(spec)
    const reporting = { ...DEFAULT_REPORTING_CONFIG, allowedLatenessMs: ALLOWED_LATENESS_MS }
    const loadBefore = loadavg()
    return withPlatform('bench-reports', { windowSeconds: s.windowSeconds, reporting }, async (platform) => {
      const { url } = platform
      const { dynamodb } = platform.services
      await untilHealthy(url)

      const t0 = performance.now()
      const posted = await layDownHistory(url, spec, s.inFlight, t0)
      const { weekFrom, weekTo, yearTo } = reportRanges(s.periods, start)
      const steps = reportSteps(url, dynamodb, expected, { start, weekFrom, weekTo, yearTo, periods: s.periods })
      const exact = await untilReportsExact(url, expected, { pollMs: 500, timeoutMs: 3_600_000 })
      // Stage 2 writes totals after the periods they point to; waiting for the periods as well
      // makes sure the timed reports all see the whole history.
      const totalsExactAt = performance.now()
      await untilPasses(async () => (await steps.hoursWeek(), await steps.monthsYear()), 600_000)
      const periodsAfterTotalsMs = Math.round(performance.now() - totalsExactAt)
      const layDownSeconds = (performance.now() - t0) / 1000
      console.log(`reports-api: history stored and exact after ${Math.round(layDownSeconds)} s`)
      // Stage 1 and the other consumers may still be working off what arrived during the lay-down
      // (heartbeats, mostly): timing reads meanwhile measures that burst, not the steady state.
      const caughtUp = await untilCaughtUp(platform, s.windowSeconds * 1_000 + CAUGHT_UP_SLACK_MS, 1_800_000)
      console.log(`reports-api: every consumer caught up ${Math.round(caughtUp.ms / 1000)} s later (lags then: ${JSON.stringify(caughtUp.lagsAtStartMs)})`)

      const ms = await timeInTurn(steps, s.rounds, s.warmup)
      const loadAfter = loadavg()

      const { sum, largeOverSmall, metrics } = latencyMetrics(ms, { periods: s.periods, small, layDownSeconds })
      const events = historyEventCount(spec)
      const load = { before: loadBefore.map((n) => roundTo(n, 2)), after: loadAfter.map((n) => roundTo(n, 2)) }
      return [
        {
          name: 'reports-api',
          description:
            `GET /reports/campaigns/{id} (totals) for a campaign with ${s.periods.toLocaleString('en-US')} stored one-minute periods and one with ${small.toLocaleString('en-US')}, ` +
            `/period?period=HOURS over 7 days (${HOURS_ZONE}) and period=MONTHS over the whole history (${MONTHS_ZONE}), through the local API with the results table ` +
            `written by the platform's two reporting stages from ${events.toLocaleString('en-US')} real events posted over HTTP (one bid per minute, every 10th with its impression, every 100th also clicked), ` +
            `each request in turn ${s.rounds.toLocaleString('en-US')} times; baseline: one DynamoDB GetItem of one item (the totals item) in dynalite. Load average ${load.before[0]} before, ${load.after[0]} after`,
          metrics,
          targets: [
            target('totalsLargeP99Ms', sum.totalsLarge.p99, '<=', 10),
            target('totalsLargeOverSmallX', largeOverSmall, '<=', 1.5),
            target('hoursWeekUtcP99Ms', sum.hoursWeek.p99, '<=', 20),
            target('monthsYearKathmanduP99Ms', sum.monthsYear.p99, '<=', 20),
          ],
          details: {
            settings: s,
            history: { from: new Date(start).toISOString(), to: new Date(yearTo).toISOString(), events, expected: Object.fromEntries(expected) },
            layDown: {
              seconds: roundTo(layDownSeconds, 1),
              ingestSeconds: roundTo(posted.seconds, 1),
              ingestEventsPerSecond: Math.round(posted.events / posted.seconds),
              requests: posted.requests,
              retries: posted.retries,
              totalsExactAfterLastEventSeconds: roundTo(exact.ms / 1000, 1),
              periodsExactAfterTotalsMs: periodsAfterTotalsMs,
              otherConsumersCaughtUpAfterMs: caughtUp.ms,
              consumerLagsWhenExactMs: caughtUp.lagsAtStartMs,
              path: `POST /events (${s.batch} events per request, ${s.inFlight} in flight) → kinesalite → stage 1 (reporting window handler) → sdp-partials → stage 2 (merge handler) → dynalite; the platform's windowSeconds ${s.windowSeconds} for both stages, allowedLatenessMs ${ALLOWED_LATENESS_MS}`,
            },
            requests: {
              totalsLarge: `/reports/campaigns/${LARGE}`,
              totalsSmall: `/reports/campaigns/${SMALL}`,
              hoursWeek: `/reports/campaigns/${LARGE}/period?period=HOURS&timezone=${HOURS_ZONE}&from=${new Date(weekFrom).toISOString()}&to=${new Date(weekTo).toISOString()}`,
              monthsYear: `/reports/campaigns/${LARGE}/period?period=MONTHS&timezone=${MONTHS_ZONE}&from=${new Date(start).toISOString()}&to=${new Date(yearTo).toISOString()}`,
            },
            latencyMs: sum,
            caches:
              "none on these routes: totals and periods read the results table on every request (ReportService over ResultsTable); buildReportsApi's cacheMs only covers the campaign list and /reports/metrics",
            loadAverage: load,
            note: `each answer is checked (totals equal to what was sent; period rows adding up to the bids in range); timing starts once every consumer is within one window + ${CAUGHT_UP_SLACK_MS / 1_000} s of its stream's tip, and the platform (heartbeats, consumers) runs meanwhile, as it would for a user`,
          },
        },
      ]
    })
  },
}
