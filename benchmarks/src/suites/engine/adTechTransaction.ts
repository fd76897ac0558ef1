/** One synthetic ad-tech event, as a producer would send it. */
export interface AdTechEvent {
  readonly tx_id: string
  readonly ts: number
  readonly [field: string]: unknown
}

/**
 * The events of synthetic transaction `tx`, bid at `ts` on one of `campaigns` campaigns: an
 * impression 40 ms later for 3 transactions in 5 and a click 900 ms later for 2 in 5, so ~50 % of
 * the events are bids, 30 % impressions and 20 % clicks. `bidWinPrice`, when given, is written
 * into the bid as well. Callers space the transactions and number the records as they need.
 */
export function adTechTransaction(tx: number, ts: number, campaigns: number, bidWinPrice?: number): AdTechEvent[] {
  const id = `tx-${tx}-4f7c-8443-9d2a1e725473`
  const events: AdTechEvent[] = [
    {
      type: 'bid',
      tx_id: id,
      app_uid: 'e582f2a0-3e2b-4066-a2a3-dc5867953d0d',
      campaign_item_id: 1_000_000 + (tx % campaigns),
      domain: 'www.google.com',
      creative_id: 'b72897cb',
      creative_category: 'cat',
      ...(bidWinPrice === undefined ? {} : { win_price: bidWinPrice }),
      ts,
    },
  ]
  if (tx % 5 < 3) events.push({ type: 'imp', tx_id: id, win_price: 12, ts: ts + 40 })
  if (tx % 5 < 2) events.push({ type: 'click', tx_id: id, ts: ts + 900 })
  return events
}
