import type { Json } from '../types.js'

/** One Kinesis record as Lambda delivers it (`Records[].kinesis`). `data` is base64. */
export interface KinesisRecordPayload {
  readonly data: string
  readonly partitionKey: string
  readonly sequenceNumber: string
  /** Epoch seconds with a millisecond fraction. */
  readonly approximateArrivalTimestamp: number
  readonly kinesisSchemaVersion?: string
}

/**
 * The event of a Kinesis event-source mapping with a tumbling window, exactly as Lambda sends it.
 * Structurally compatible with `KinesisStreamTumblingWindowEvent` of `@types/aws-lambda`, plus the
 * top-level `shardId` and `eventSourceARN` that Lambda sends but that type omits.
 */
export interface KinesisWindowEvent {
  readonly Records: ReadonlyArray<{ readonly kinesis: KinesisRecordPayload; readonly eventSourceARN?: string }>
  readonly window: { readonly start: string; readonly end: string }
  readonly state?: { readonly [key: string]: unknown }
  readonly shardId?: string
  readonly eventSourceARN?: string
  readonly isFinalInvokeForWindow: boolean
  readonly isWindowTerminatedEarly: boolean
}

/** The response Lambda expects from a tumbling-window function; a response without `state` is a failure. */
export interface KinesisWindowResponse {
  readonly state: { [key: string]: Json }
  readonly batchItemFailures: Array<{ itemIdentifier: string }>
}
