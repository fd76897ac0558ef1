// The chaos suite's events: a deterministic stream of transactions cut into batches that never
// split a transaction, and the counts every campaign's report must end with.
import type { CampaignTotals } from '../../harness/untilReportsExact.js'

/** One `POST /events` body and what it adds to the expected counts. */
export interface ChaosBatch {
  readonly events: ReadonlyArray<Record<string, unknown>>
  /** Distinct (type, tx_id) events in the batch: the resent bid is not one more. */
  readonly distinct: number
}

/** The counts a run must end with: per campaign, and the bids (each trained once). */
export class ChaosExpected {
  readonly campaigns = new Map<number, { bids: number; imps: number; clicks: number }>()
  bids = 0
  imps = 0
  clicks = 0

  get events(): number {
    return this.bids + this.imps + this.clicks
  }

  /** The per-campaign counts as the reports API answers them. */
  reports(): ReadonlyMap<number, CampaignTotals> {
    return this.campaigns
  }
}

/**
 * Transaction `i` of a run of `campaigns` campaigns starting at `campaignBase`: a bid, 60 % of the
 * time an impression, half of those a click; every 10th bid is sent twice in its batch (the API
 * must count it once).
 */
export function chaosTransaction(i: number, campaigns: number, campaignBase: number): Array<Record<string, unknown>> {
  const campaign_item_id = campaignBase + (i % campaigns)
  const tx_id = `chaos-${i}`
  const bid = { type: 'bid', tx_id, app_uid: `u${i % 997}`, campaign_item_id, domain: `d${i % 13}.com`, creative_id: `c${i % 31}`, win_price: 5 + (i % 7) }
  const events: Array<Record<string, unknown>> = [bid]
  if (i % 10 < 6) {
    events.push({ type: 'imp', tx_id, win_price: 3 + (i % 5) })
    if (i % 2 === 0) events.push({ type: 'click', tx_id })
  }
  if (i % 10 === 3) events.push(bid)
  return events
}

/**
 * Cuts transactions `from`, `from + 1`, … into one batch of at most `maxEvents` events (at least
 * one transaction), recording them in `expected`.
 *
 * @returns the batch and the index of the next transaction
 */
export function nextBatch(
  from: number,
  maxEvents: number,
  campaigns: number,
  campaignBase: number,
  expected: ChaosExpected,
): { batch: ChaosBatch; next: number } {
  const events: Array<Record<string, unknown>> = []
  let distinct = 0
  let i = from
  for (;;) {
    const tx = chaosTransaction(i, campaigns, campaignBase)
    if (events.length > 0 && events.length + tx.length > maxEvents) break
    const campaign = tx[0]!.campaign_item_id as number
    let counts = expected.campaigns.get(campaign)
    if (!counts) expected.campaigns.set(campaign, (counts = { bids: 0, imps: 0, clicks: 0 }))
    const kinds = new Set(tx.map((e) => e.type as string))
    counts.bids++
    expected.bids++
    if (kinds.has('imp')) {
      counts.imps++
      expected.imps++
    }
    if (kinds.has('click')) {
      counts.clicks++
      expected.clicks++
    }
    distinct += kinds.size
    events.push(...tx)
    i++
  }
  return { batch: { events, distinct }, next: i }
}
