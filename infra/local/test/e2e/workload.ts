// A random ad-tech workload with its exact expected per-campaign counts: bids, some with
// impressions, some of those with clicks (sometimes before the impression), some events resent.
import fc from 'fast-check'

export interface Workload {
  /** Batches to POST to /events in order (later batches may hold an earlier transaction's events). */
  readonly early: object[]
  /** Events held back to be sent after the next Lambda window started. */
  readonly delayed: object[]
  readonly expected: Map<number, { bids: number; imps: number; clicks: number }>
}

/** `transactions` transactions over `campaigns` campaigns, reproducible from `seed`. */
export function workload(transactions: number, campaigns: number, seed: number): Workload {
  const txArb = fc.record({
    campaign: fc.integer({ min: 1, max: campaigns }),
    imp: fc.integer({ min: 0, max: 9 }),
    click: fc.integer({ min: 0, max: 9 }),
    order: fc.integer({ min: 0, max: 9 }),
    dup: fc.integer({ min: 0, max: 9 }),
  })
  const txs = fc.sample(txArb, { numRuns: transactions, seed })
  const early: object[] = []
  const delayed: object[] = []
  const expected = new Map<number, { bids: number; imps: number; clicks: number }>()
  txs.forEach((tx, i) => {
    const tx_id = `e2e-${seed}-${i}`
    const campaign_item_id = 1_000_000 + tx.campaign
    const counts = expected.get(campaign_item_id) ?? { bids: 0, imps: 0, clicks: 0 }
    expected.set(campaign_item_id, counts)
    const bid = { type: 'bid', tx_id, app_uid: `u${i % 97}`, campaign_item_id, domain: `d${i % 13}.com`, win_price: 5 + (i % 7) }
    const imp = tx.imp < 6 ? { type: 'imp', tx_id, win_price: 3 + (i % 5) } : undefined
    const click = imp && tx.click < 5 ? { type: 'click', tx_id } : undefined
    counts.bids++
    if (imp) counts.imps++
    if (click) counts.clicks++
    const events: object[] = [bid]
    if (click && tx.order < 3) events.push(click) // the click before its impression, as in the original README
    if (imp) (tx.order === 9 ? delayed : events).push(imp) // some impressions only after the next window started
    if (click && tx.order >= 3) events.push(click)
    early.push(...events)
    if (tx.dup === 0) early.push(bid) // a client resend: counts once
    if (tx.dup === 1 && imp) delayed.push(imp)
  })
  return { early, delayed, expected }
}
