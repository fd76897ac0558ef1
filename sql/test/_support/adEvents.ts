import fc from 'fast-check'

/** A stream record as ingest writes it (stamped with `ts`), or a heartbeat. */
export type StreamValue = Record<string, unknown>

const T0 = Date.UTC(2026, 0, 1)

/**
 * Transactions in arrival order: each a bid, maybe its impression and click a few seconds later;
 * arrival order is event time with up to `jitterMs` (less than the watermark bound) of disorder, so
 * nothing is late; some records are delivered twice (the same (type, tx_id)), some bids lack a
 * domain. A heartbeat far ahead closes every window at the end.
 */
export const adEventsArb = fc
  .record({
    txs: fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 3_000 }),
        campaign: fc.integer({ min: 1, max: 4 }),
        domain: fc.option(fc.constantFrom('a.com', 'b.com', 'c.com'), { nil: undefined }),
        app: fc.integer({ min: 1, max: 30 }),
        bidPrice: fc.integer({ min: 0, max: 100 }),
        imp: fc.option(fc.record({ after: fc.integer({ min: 0, max: 20_000 }), price: fc.integer({ min: 1, max: 500 }) }), { nil: undefined }),
        click: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
        jitter: fc.integer({ min: 0, max: 4_000 }),
      }),
      { minLength: 1, maxLength: 150 },
    ),
    duplicates: fc.array(fc.nat(), { maxLength: 20 }),
  })
  .map(({ txs, duplicates }) => {
    const timed: Array<{ arrival: number; value: StreamValue }> = []
    let t = T0
    txs.forEach((tx, i) => {
      t += tx.gap
      const tx_id = `tx-${i}`
      const bid: StreamValue = {
        type: 'bid',
        tx_id,
        ts: t,
        campaign_item_id: tx.campaign,
        app_uid: `u${tx.app}`,
        win_price: tx.bidPrice,
        ...(tx.domain ? { domain: tx.domain } : {}),
      }
      timed.push({ arrival: t + tx.jitter, value: bid })
      if (tx.imp) timed.push({ arrival: t + tx.imp.after + tx.jitter, value: { type: 'imp', tx_id, ts: t + tx.imp.after, win_price: tx.imp.price } })
      if (tx.click !== undefined) timed.push({ arrival: t + tx.click + tx.jitter, value: { type: 'click', tx_id, ts: t + tx.click } })
    })
    timed.sort((a, b) => a.arrival - b.arrival)
    const values = timed.map((x) => x.value)
    // A duplicate arrives right after its original, so it is never late.
    for (const d of [...new Set(duplicates)].sort((a, b) => b - a)) {
      const at = d % values.length
      values.splice(at + 1, 0, { ...values[at]! })
    }
    const last = Math.max(...values.map((v) => v.ts as number))
    values.push({ type: 'heartbeat', ts: last + 86_400_000, shard_id: 'shardId-000000000000' })
    return values
  })
