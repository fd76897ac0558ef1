// Test support: tumbling-window invokes as Lambda gives them, for the stages of a deployed job.
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'

/** The Lambda window the invokes belong to. */
export interface LambdaWindow {
  readonly start: string
  readonly end: string
}

const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64')

/** A final invoke of `window` on shard 0 of `streamName` with one record per value (a string is sent as it is). */
export function finalInvoke(streamName: string, values: readonly unknown[], window: LambdaWindow): KinesisWindowEvent {
  const arrival = Date.parse(window.start) / 1000
  return {
    Records: values.map((value, n) => ({
      kinesis: { data: b64(value), partitionKey: `tx-${n}`, sequenceNumber: seq(n + 1), approximateArrivalTimestamp: arrival + n / 1000 },
      eventSourceARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${streamName}`,
    })),
    window,
    state: {},
    shardId: 'shardId-000000000000',
    isFinalInvokeForWindow: true,
    isWindowTerminatedEarly: false,
  }
}

/** Everything on the first shard of `streamName` (stage 1's partials), as the final invoke of stage 2's window. */
export async function partialsInvoke(kinesis: KinesisClient, streamName: string, window: LambdaWindow): Promise<KinesisWindowEvent> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }))
  const shardId = Shards[0]?.ShardId ?? ''
  const start = await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))
  const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator: start.ShardIterator, Limit: 10_000 }))
  return {
    Records: Records.map((r) => ({
      kinesis: {
        data: Buffer.from(r.Data ?? []).toString('base64'),
        partitionKey: r.PartitionKey ?? '',
        sequenceNumber: r.SequenceNumber ?? '',
        approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
      },
      eventSourceARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${streamName}`,
    })),
    window,
    state: {},
    shardId,
    isFinalInvokeForWindow: true,
    isWindowTerminatedEarly: false,
  }
}
