import type { KinesisStreamRecord } from 'aws-lambda'
import type { FetchedRecord } from './ShardReader.js'
import { windowToIso, type TumblingWindow } from './TumblingWindow.js'
import type { KinesisTumblingWindowEvent, WindowState } from './types.js'

/** Where the records come from, as the event names it. */
export interface EventSource {
  readonly shardId: string
  readonly eventSourceArn: string
  readonly region: string
  readonly invokeIdentityArn: string
}

/**
 * Builds the exact event Lambda delivers for one invocation of a tumbling window: records
 * (base64 data, arrival time in epoch seconds with a fraction, `eventID = shardId:seq`), the
 * window bounds, the carried state and the flags.
 */
export function buildWindowEvent(input: {
  readonly source: EventSource
  readonly records: ReadonlyArray<FetchedRecord>
  readonly window: TumblingWindow
  readonly state: WindowState
  readonly isFinalInvokeForWindow: boolean
}): KinesisTumblingWindowEvent {
  const { source } = input
  return {
    Records: input.records.map((record) => toLambdaRecord(record, source)),
    window: windowToIso(input.window),
    state: input.state,
    shardId: source.shardId,
    eventSourceARN: source.eventSourceArn,
    isFinalInvokeForWindow: input.isFinalInvokeForWindow,
    isWindowTerminatedEarly: false,
  }
}

function toLambdaRecord(record: FetchedRecord, source: EventSource): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: record.data,
      approximateArrivalTimestamp: record.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${source.shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.invokeIdentityArn,
    awsRegion: source.region,
    eventSourceARN: source.eventSourceArn,
  }
}
