// The stored history of the reports benchmark: real ad events, one bid per minute per campaign,
// minute by minute, for the platform's ingest to take in and its two reporting stages to store.
import type { CampaignTotals } from '../harness/untilReportsExact.js'

const MINUTE_MS = 60_000

/** One campaign's history: a bid in each of `periods` consecutive minutes from the history's start. */
export interface CampaignHistory {
  readonly campaign: number
  readonly periods: number
}

/** Shape of {@link historyBatches}' events. */
export interface HistorySpec {
  /** The first minute's start (epoch ms, a whole minute). */
  readonly start: number
  readonly campaigns: readonly CampaignHistory[]
  /** Events per `POST /events` request (at most 500). */
  readonly batch: number
}

// Every 10th bid wins its impression 2 s later, every 100th is also clicked 3 s after the bid:
// all three counts are non-zero, and a transaction's events share a request (so a shard).
const IMP_EVERY = 10
const CLICK_EVERY = 100

/** The counts each campaign's report must show once the history is stored. */
export function expectedTotals(spec: Pick<HistorySpec, 'campaigns'>): Map<number, CampaignTotals> {
  return new Map(
    spec.campaigns.map(({ campaign, periods }) => [
      campaign,
      { bids: periods, imps: Math.ceil(periods / IMP_EVERY), clicks: Math.ceil(periods / CLICK_EVERY) },
    ]),
  )
}

/** How many events {@link historyBatches} yields in all. */
export function historyEventCount(spec: Pick<HistorySpec, 'campaigns'>): number {
  return [...expectedTotals(spec).values()].reduce((n, c) => n + c.bids + c.imps + c.clicks, 0)
}

/**
 * The history's events minute by minute (within a minute, campaign by campaign, each
 * transaction's bid, impression and click in that order), cut into requests of at most
 * `spec.batch` events; a transaction's events never span two requests.
 */
export function* historyBatches(spec: HistorySpec): Generator<object[]> {
  const minutes = Math.max(...spec.campaigns.map((c) => c.periods))
  let batch: object[] = []
  for (let i = 0; i < minutes; i++) {
    const minute = spec.start + i * MINUTE_MS
    for (const { campaign, periods } of spec.campaigns) {
      if (i >= periods) continue
      const tx_id = `${campaign}-${i}`
      const ts = minute + 1_000
      const tx: object[] = [{ type: 'bid', tx_id, app_uid: `u${i % 997}`, campaign_item_id: campaign, ts }]
      if (i % IMP_EVERY === 0) tx.push({ type: 'imp', tx_id, win_price: 1, ts: ts + 2_000 })
      if (i % CLICK_EVERY === 0) tx.push({ type: 'click', tx_id, ts: ts + 3_000 })
      if (batch.length + tx.length > spec.batch) {
        yield batch
        batch = []
      }
      batch.push(...tx)
    }
  }
  if (batch.length > 0) yield batch
}
