// Chaos: the platform with its services failing (SDP_FAULTS at a few rates), one fixed event set
// each time, and the time until every report is exact, against a run without faults in the same
// suite run. Target: exact in every run.
import { formatFaultSpec, FAULT_SERVICES, parseFaultSpec, type FaultCounts } from '@sdp/infra'
import { untilHealthy, withPlatform } from '../harness/platform.js'
import { untilReportsExact, type CampaignTotals } from '../harness/untilReportsExact.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'

interface ChaosSettings {
  readonly rates: readonly number[]
  readonly transactions: number
  readonly campaigns: number
  readonly batch: number
}

const FULL: ChaosSettings = { rates: [0, 0.01, 0.05], transactions: 3_000, campaigns: 20, batch: 50 }
const QUICK: ChaosSettings = { rates: [0, 0.05], transactions: 300, campaigns: 5, batch: 50 }

/** The fixed event set: bids, 60 % with an impression, half of those clicked, every 10th bid sent twice; and the counts it must give. */
export function chaosEvents(transactions: number, campaigns: number): { events: object[]; expected: Map<number, CampaignTotals> } {
  const events: object[] = []
  const expected = new Map<number, { bids: number; imps: number; clicks: number }>()
  for (let i = 0; i < transactions; i++) {
    const campaign_item_id = 2_000_000 + (i % campaigns)
    const counts = expected.get(campaign_item_id) ?? { bids: 0, imps: 0, clicks: 0 }
    expected.set(campaign_item_id, counts)
    const tx_id = `chaos-${i}`
    const bid = { type: 'bid', tx_id, app_uid: `u${i % 97}`, campaign_item_id, domain: `d${i % 13}.com`, win_price: 5 + (i % 7) }
    events.push(bid)
    counts.bids++
    if (i % 10 < 6) {
      events.push({ type: 'imp', tx_id, win_price: 3 + (i % 5) })
      counts.imps++
      if (i % 2 === 0) {
        events.push({ type: 'click', tx_id })
        counts.clicks++
      }
    }
    if (i % 10 === 3) events.push(bid)
  }
  return { events, expected }
}

/** Posts in order, resending any batch not answered 200 (whole: the same (type, tx_id) counts once). */
async function postResending(url: string, events: readonly object[], batch: number): Promise<number> {
  let resends = 0
  for (let i = 0; i < events.length; i += batch) {
    const body = JSON.stringify(events.slice(i, i + batch))
    while ((await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => (await r.text(), r.status))) !== 200) resends++
  }
  return resends
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0)

/** Faults injected per kind over every service. */
function faultsByKind(counts: FaultCounts): Record<string, number> {
  const out: Record<string, number> = {}
  for (const service of FAULT_SERVICES) {
    for (const [kind, calls] of Object.entries(counts.injected[service])) out[kind] = (out[kind] ?? 0) + sum(Object.values(calls ?? {}))
  }
  return out
}

export const chaosSuite: BenchmarkSuite = {
  name: 'chaos',
  async run({ quick }) {
    const s = quick ? QUICK : FULL
    const { events, expected } = chaosEvents(s.transactions, s.campaigns)
    const runs = []
    for (const rate of s.rates) {
      const spec = rate === 0 ? undefined : parseFaultSpec(`s3=${rate},dynamodb=${rate},kinesis=${rate},reset=${rate / 5},seed=7`)
      runs.push(await withPlatform('chaos', { windowSeconds: 1, ...(spec ? { faults: spec } : {}) }, async (platform) => {
        await untilHealthy(platform.url)
        const started = performance.now()
        const resends = await postResending(platform.url, events, s.batch)
        const exact = await untilReportsExact(platform.url, expected, { timeoutMs: 300_000 }).then(() => true, () => false)
        const seconds = (performance.now() - started) / 1000
        const counts = await platform.faults?.currentCounts()
        return {
          spec: spec ? formatFaultSpec(spec) : 'off',
          rate,
          exact,
          secondsToExact: Math.round(seconds * 10) / 10,
          postResends: resends,
          faults: counts ? faultsByKind(counts) : {},
          sdkRetries: counts ? sum(Object.values(counts.sdkRetries)) : 0,
          invocationRetries: sum(platform.mappings.map((m) => m.counters.failures)),
          requests: counts ? sum(Object.values(counts.requests)) : 0,
        }
      }))
    }
    const baseline = runs.find((r) => r.rate === 0)?.secondsToExact ?? Number.NaN
    const rows = runs.map((r) => ({ ...r, timeRatio: Math.round((r.secondsToExact / baseline) * 100) / 100 }))
    const allExact = rows.every((r) => r.exact) ? 1 : 0
    const metrics: Record<string, number> = { allExact, runs: rows.length }
    for (const r of rows) {
      const pct = `${Math.round(r.rate * 100)}pct`
      metrics[`secondsToExact_${pct}`] = r.secondsToExact
      if (r.rate > 0) metrics[`timeRatio_${pct}`] = r.timeRatio
    }
    const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.faults)))].sort()
    const report = [
      `${events.length} events (${s.transactions} transactions, ${s.campaigns} campaigns) posted in batches of ${s.batch}, 1 s Lambda windows; each rate on a fresh platform, seed 7.`,
      'Retries: SDK retries the fault proxy saw (`amz-sdk-request` attempt > 1), invocations the event-source mappings retried, POST batches resent.',
      '',
      `| SDP_FAULTS | exact | s to exact | × no faults | ${kinds.join(' | ')} | SDK retries | invocation retries | resends |`,
      `|---|---|---|---|${kinds.map(() => '---').join('|')}|---|---|---|`,
      ...rows.map((r) => `| \`${r.spec}\` | ${r.exact ? 'yes' : '**no**'} | ${r.secondsToExact} | ${r.timeRatio} | ${kinds.map((k) => r.faults[k] ?? 0).join(' | ')} | ${r.sdkRetries} | ${r.invocationRetries} | ${r.postResends} |`),
    ].join('\n')
    return [{
      name: 'chaos',
      description: 'reports exact with the local services failing (SDP_FAULTS at 0, 1 %, 5 %), and the time it costs',
      metrics,
      targets: [target('allExact', allExact, '>=', 1)],
      details: { runs: rows },
      report,
    }]
  },
}
