// How soon the reports show the last event: a steady stream of transactions into the in-process
// platform, then the time from the last acknowledged request until every campaign's report is exact.
import { median } from '../harness/measure.js'
import { untilHealthy, withPlatform } from '../harness/platform.js'
import { postEvents } from '../harness/postEvents.js'
import { untilReportsExact, type CampaignTotals } from '../harness/untilReportsExact.js'

/** How the freshness trials drive the platform. */
export interface FreshnessSettings {
  /** The platform's Lambda window, which both reporting stages use. */
  readonly windowSeconds: number
  readonly trials: number
  /** Seconds of load before each trial's last event. */
  readonly seconds: number
  /** Transactions (bid, impression, click) per second, posted as one request every 100 ms. */
  readonly transactionsPerSecond: number
  readonly campaigns: number
}

/** One trial: when its reports were exact, and what `/health` said meanwhile. */
export interface FreshnessTrial {
  readonly exactAfterMs: number
  readonly polls: number
  /** `/health`'s `reportLagMs` just after the last event was acknowledged. */
  readonly reportLagMsAtLastEvent: number | null
  /** The largest `reportLagMs` seen until the reports were exact. */
  readonly maxReportLagMs: number | null
}

/** What {@link measureFreshness} found. */
export interface Freshness {
  readonly medianMs: number
  readonly maxMs: number
  /** Stage-1 window + stage-2 window + 3 s: the most an event may wait for its report. */
  readonly boundMs: number
  readonly trials: readonly FreshnessTrial[]
}

async function reportLag(url: string): Promise<number | null> {
  const body = (await (await fetch(`${url}/health`)).json()) as { reportLagMs?: number | null }
  return typeof body.reportLagMs === 'number' ? Math.round(body.reportLagMs) : null
}

/** Each trial's requests: `seconds × 10` batches of transactions spread over its campaigns, ts stamped by ingest. */
function trialBatches(s: FreshnessSettings, trial: number, expected: Map<number, CampaignTotals>): object[][] {
  const perBatch = Math.max(1, Math.round(s.transactionsPerSecond / 10))
  const batches: object[][] = []
  let n = 0
  for (let b = 0; b < s.seconds * 10; b++) {
    const batch: object[] = []
    for (let i = 0; i < perBatch; i++, n++) {
      const campaign = 2_000_000 + trial * 1_000 + (n % s.campaigns)
      const tx_id = `fresh-${trial}-${n}`
      const counts = expected.get(campaign) ?? { bids: 0, imps: 0, clicks: 0 }
      const imp = n % 2 === 0
      const click = n % 10 === 0
      batch.push({ type: 'bid', tx_id, app_uid: `u${n % 97}`, campaign_item_id: campaign })
      if (imp) batch.push({ type: 'imp', tx_id, win_price: 1 })
      if (imp && click) batch.push({ type: 'click', tx_id })
      expected.set(campaign, { bids: counts.bids + 1, imps: counts.imps + (imp ? 1 : 0), clicks: counts.clicks + (imp && click ? 1 : 0) })
    }
    batches.push(batch)
  }
  return batches
}

/** Paces `batches` one per 100 ms: a steady stream, not a burst. */
async function* paced(batches: readonly object[][]): AsyncGenerator<object[]> {
  const started = performance.now()
  for (const [i, batch] of batches.entries()) {
    const wait = started + i * 100 - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    yield batch
  }
}

/**
 * On a fresh platform, `trials` times: posts `seconds` of transactions to new campaigns, then
 * polls their reports every 50 ms until all are exact and records the time from the last
 * acknowledged request. The reports turn exact just after a stage-1 window closes, so a fixed
 * pause would start every later trial at the same point of the window; the pause before trial
 * i is 1 s + i/trials of a window instead, so the last events fall evenly over the window,
 * from just after it opens (the longest wait) to just before it closes.
 */
export async function measureFreshness(s: FreshnessSettings): Promise<Freshness> {
  return withPlatform('bench-fresh', { windowSeconds: s.windowSeconds }, async (platform) => {
    const { url } = platform
    await untilHealthy(url)
    const trials: FreshnessTrial[] = []
    for (let trial = 0; trial < s.trials; trial++) {
      const expected = new Map<number, CampaignTotals>()
      const batches = trialBatches(s, trial, expected)
      await postEvents(url, paced(batches), { inFlight: 1 })
      const atLastEvent = await reportLag(url)
      let maxLag = atLastEvent
      let sampled = -Infinity
      const exact = await untilReportsExact(url, expected, {
        pollMs: 50,
        onPoll: (elapsed) => {
          if (elapsed - sampled < 250) return
          sampled = elapsed
          void reportLag(url).then((lag) => (maxLag = lag === null || maxLag === null ? (lag ?? maxLag) : Math.max(maxLag, lag)))
        },
      })
      trials.push({ exactAfterMs: Math.round(exact.ms), polls: exact.polls, reportLagMsAtLastEvent: atLastEvent, maxReportLagMs: maxLag })
      await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.round(((trial + 1) * s.windowSeconds * 1_000) / s.trials)))
    }
    const ms = trials.map((t) => t.exactAfterMs)
    return { medianMs: median(ms), maxMs: Math.max(...ms), boundMs: 2 * s.windowSeconds * 1000 + 3000, trials }
  })
}
