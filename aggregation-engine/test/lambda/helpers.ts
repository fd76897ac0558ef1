import type { KinesisWindowEvent } from '../../src/lambda/KinesisWindowEvent.js'

export const SHARD = 'shardId-000000000000'

/** A Kinesis sequence number for the n-th record of a test shard (56 digits like the real ones). */
export const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`

export interface TestRecord {
  n: number
  value: unknown
  raw?: string
  partitionKey?: string
}

/** The partition key a producer would use: the record's `id`, else `k`. */
function partitionKeyOf(r: TestRecord): string {
  if (r.partitionKey !== undefined) return r.partitionKey
  const id = (r.value as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : 'k'
}

/** A tumbling-window event shaped exactly as Lambda sends it. */
export function windowEvent(
  records: TestRecord[],
  opts: { state?: Record<string, unknown>; final?: boolean; early?: boolean; shardId?: string } = {},
): KinesisWindowEvent {
  const shardId = opts.shardId ?? SHARD
  return {
    Records: records.map((r) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: partitionKeyOf(r),
        sequenceNumber: seq(r.n),
        data: Buffer.from(r.raw ?? JSON.stringify(r.value)).toString('base64'),
        approximateArrivalTimestamp: 1795831442 + r.n / 1000,
      },
      eventSource: 'aws:kinesis',
      eventID: `${shardId}:${seq(r.n)}`,
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events',
    })),
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
    state: opts.state ?? {},
    shardId,
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events',
    isFinalInvokeForWindow: opts.final ?? false,
    isWindowTerminatedEarly: opts.early ?? false,
  }
}
