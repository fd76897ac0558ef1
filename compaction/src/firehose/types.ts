/** One record of a Firehose data-transformation event (Kinesis stream as source). */
export interface FirehoseTransformationRecord {
  readonly recordId: string
  /** Epoch milliseconds. */
  readonly approximateArrivalTimestamp: number
  /** The record's bytes, base64. */
  readonly data: string
  readonly kinesisRecordMetadata?: {
    readonly shardId: string
    readonly partitionKey: string
    readonly approximateArrivalTimestamp: number
    readonly sequenceNumber: string
    readonly subsequenceNumber?: number
  }
}

/** The event Firehose sends a data-transformation Lambda. */
export interface FirehoseTransformationEvent {
  readonly invocationId: string
  readonly deliveryStreamArn: string
  readonly sourceKinesisStreamArn?: string
  readonly region: string
  readonly records: readonly FirehoseTransformationRecord[]
}

/** The result of one record: `Ok` and `Dropped` count as success; `ProcessingFailed` goes to the error prefix. */
export type FirehoseTransformationResult = 'Ok' | 'Dropped' | 'ProcessingFailed'

/** One record of the response; `recordId` echoes the input's. */
export interface FirehoseTransformationResultRecord {
  recordId: string
  result: FirehoseTransformationResult
  /** base64 */
  data: string
  /** Dynamic partitioning keys, on `Ok` records. */
  metadata?: { partitionKeys: Record<string, string> }
}

/** What the transformation Lambda returns. */
export interface FirehoseTransformationResponse {
  records: FirehoseTransformationResultRecord[]
}
