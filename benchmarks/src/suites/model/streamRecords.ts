// A synthetic transaction stream as the Kinesis records a training shard receives.
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'
import type { SyntheticTransaction } from '@sdp/ml'

/** One Kinesis record with the event time of what it carries. */
export interface TimedRecord {
  readonly ts: number
  readonly record: KinesisWindowEvent['Records'][number]
}

/** A 56-digit sequence number ordered by `n`. */
const seq = (n: number) => `4959033827149025660855969253836157109592157598913${String(n).padStart(7, '0')}`

/**
 * Bids and impressions in event-time order, with a heartbeat every second from the first bid until
 * `tailMs` after the last, as the local platform's heartbeat ticker sends them, so every bid's
 * timeout passes on a stream that then falls silent.
 */
export function streamRecords(txs: readonly SyntheticTransaction[], shardId: string, tailMs: number): TimedRecord[] {
  if (txs.length === 0) throw new RangeError('a stream needs at least one transaction')
  const events: Array<{ ts: number; value: object; key: string }> = []
  for (const tx of txs) {
    events.push({ ts: tx.bid.ts, value: tx.bid, key: tx.bid.tx_id })
    if (tx.impression) events.push({ ts: tx.impression.ts, value: tx.impression, key: tx.bid.tx_id })
  }
  const first = (txs[0] as SyntheticTransaction).bid.ts
  const end = (txs.at(-1) as SyntheticTransaction).bid.ts + tailMs
  for (let ts = first; ts <= end; ts += 1_000) events.push({ ts, value: { type: 'heartbeat', ts, shard_id: shardId }, key: 'heartbeat' })
  events.sort((a, b) => a.ts - b.ts)
  return events.map((e, i) => ({
    ts: e.ts,
    record: {
      kinesis: {
        partitionKey: e.key,
        sequenceNumber: seq(i + 1),
        data: Buffer.from(JSON.stringify(e.value)).toString('base64'),
        approximateArrivalTimestamp: e.ts / 1000,
      },
    },
  }))
}
