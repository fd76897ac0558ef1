// A Kinesis tumbling-window event as Lambda hands it to a window handler, for tests that drive a
// job through the Lambda adapter invocation by invocation.
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'

const SHARD = 'shardId-000000000000'
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events'
const seq = (n: number) => `49590338271490256608559692538361571095921575989136${String(n).padStart(10, '0')}`

/** An invocation of shard 0 with `values` as records numbered `n`, each under the producer's `partitionKey`. */
export function windowEvent(
  values: ReadonlyArray<{ readonly n: number; readonly value: unknown }>,
  state: Record<string, unknown>,
  final: boolean,
  partitionKey: (value: unknown) => string,
): KinesisWindowEvent {
  return {
    Records: values.map(({ n, value }) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: partitionKey(value),
        sequenceNumber: seq(n),
        data: Buffer.from(JSON.stringify(value)).toString('base64'),
        approximateArrivalTimestamp: 1_700_000_000 + n / 1000,
      },
      eventSource: 'aws:kinesis',
      eventID: `${SHARD}:${seq(n)}`,
      eventSourceARN: STREAM_ARN,
    })),
    window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:05Z' },
    state,
    shardId: SHARD,
    eventSourceARN: STREAM_ARN,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  }
}
