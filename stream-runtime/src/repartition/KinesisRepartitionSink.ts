import type { KinesisClient, PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import type { RetryPolicy } from '@sdp/service-kit'
import { bucketHashKey } from '../exchange/partialBuckets.js'
import { BURST_RETRY, putPackedRecords } from '../exchange/putPackedRecords.js'
import { RepartitionError } from '../errors.js'
import { encodeRepartitionRecord, packForwards, type ForwardedRecord } from './RepartitionRecord.js'

/** Options of {@link KinesisRepartitionSink}. */
export interface KinesisRepartitionSinkOptions {
  readonly kinesis: Pick<KinesisClient, 'send'>
  /** The keyed stream the forwards go to. */
  readonly streamName: string
  /** The stream the forwarding job reads: refused as the target, which would feed the job its own output. */
  readonly sourceStream: string
  /** @default 10 attempts from 200 ms, at most 5 s apart */
  readonly retry?: RetryPolicy
}

/**
 * The raw repartition's exit: the forwards of one invocation packed one record per key group
 * (gzipped JSON) and written with the group's fixed explicit hash key, so every record of a new
 * key reaches the same shard of the keyed stream, like the partials of the second stage. Returns
 * only when every record is stored, else throws so that Lambda retries the batch; the retry sends
 * the same identities, which the consumer ({@link repartitionedJob}) takes once.
 * @throws RepartitionError when built to forward into the stream it reads
 */
export class KinesisRepartitionSink {
  constructor(private readonly options: KinesisRepartitionSinkOptions) {
    if (!options.streamName) throw new RepartitionError('the keyed stream name must not be empty')
    if (options.streamName === options.sourceStream) {
      throw new RepartitionError(`cannot repartition ${options.sourceStream} into itself: the job would read its own forwards again`)
    }
  }

  async write(forwards: readonly ForwardedRecord[], source: string): Promise<void> {
    const { kinesis, streamName, retry = BURST_RETRY } = this.options
    for (const round of packForwards(forwards, source)) {
      const entries = round.map((r): PutRecordsRequestEntry => ({
        Data: encodeRepartitionRecord(r),
        PartitionKey: `b${r.bucket}`,
        ExplicitHashKey: bucketHashKey(r.bucket),
      }))
      await putPackedRecords(kinesis, streamName, entries, retry)
    }
  }
}
