import { decodeRecordData, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { parseStreamRecord, type StreamRecord } from '@sdp/catalog'

const SLOT = { bid: 1, imp: 2, click: 3 } as const

/**
 * The ad-tech counting written by hand, without the engine: decode, the fast guard, one join
 * entry per tx_id (`[campaign, bid, imp, click]`, a second event of a type is a duplicate) and
 * `[bids, imps, clicks]` per (campaign, period), every distinct event kept for the lake; `entries`
 * is the join index, updated in place. No timeouts, watermark, lateness, partial identity, state
 * budget or dead letters: the least a Lambda doing this job must do, to show what the engine adds
 * on top of it.
 */
export function handWrittenCounts(
  event: KinesisWindowEvent,
  periodMs: number,
  entries = new Map<string, (number | null)[]>(),
): { counts: Map<number, number[]>; kept: StreamRecord[] } {
  const counts = new Map<number, number[]>()
  const kept: StreamRecord[] = []
  const count = (campaign: number, ts: number, slot: number) => {
    const key = campaign * 1e7 + Math.floor(ts / periodMs) // one number per (campaign, period)
    let c = counts.get(key)
    if (c === undefined) counts.set(key, (c = [0, 0, 0]))
    c[slot - 1]!++
  }
  for (const { kinesis } of event.Records) {
    const parsed = parseStreamRecord(JSON.parse(decodeRecordData(kinesis.data) as string))
    if (!parsed.ok || parsed.event.type === 'heartbeat' || parsed.event.type === 'location') continue
    const e = parsed.event
    const slot = SLOT[e.type]
    const entry = entries.get(e.tx_id)?.slice() ?? [null, null, null, null]
    if (entry[slot] !== null) continue
    entry[slot] = e.ts
    if (e.type === 'bid') {
      entry[0] = e.campaign_item_id
      for (let s = 1; s <= 3; s++) if (entry[s] !== null) count(e.campaign_item_id, entry[s] as number, s)
    } else {
      const campaign = entry[0]
      if (campaign != null) count(campaign, e.ts, slot)
    }
    entries.set(e.tx_id, entry)
    kept.push(e)
  }
  return { counts, kept }
}
