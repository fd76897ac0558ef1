// Kinesis tumbling-window events as Lambda sends them, built from JSON records (shared by job, trainer and handler tests).
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'

/** A 56-digit sequence number ordered by `n`. */
export const seq = (n: number) => `4959033827149025660855969253836157109592157598913${String(n).padStart(7, '0')}`

export interface NumberedRecord {
  readonly n: number
  readonly value: unknown
}

export function windowEvent(shardId: string, records: readonly NumberedRecord[], state: Record<string, unknown>, final: boolean): KinesisWindowEvent {
  return {
    Records: records.map((r) => ({
      kinesis: {
        partitionKey: 'p',
        sequenceNumber: seq(r.n),
        data: Buffer.from(typeof r.value === 'string' ? r.value : JSON.stringify(r.value)).toString('base64'),
        approximateArrivalTimestamp: 1_795_831_442 + r.n / 1000,
      },
    })),
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
    state,
    shardId,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  }
}

export const heartbeat = (ts: number, shard = 'shardId-000000000000') => ({ type: 'heartbeat', ts, shard_id: shard })
