import type { KinesisClient, PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import type { PartialAccumulator } from '@sdp/aggregation-engine'
import type { RetryPolicy } from '@sdp/service-kit'
import { bucketHashKey } from './partialBuckets.js'
import { encodePartialsRecord, packPartials } from './PartialsRecord.js'
import { BURST_RETRY, putPackedRecords } from './putPackedRecords.js'

/** Options of {@link KinesisPartialsSink}. */
export interface KinesisPartialsSinkOptions {
  readonly kinesis: Pick<KinesisClient, 'send'>
  /** The partials stream stage 2 consumes. */
  readonly streamName: string
  /** The user job whose partials these are: named in every record, so stage 2 can refuse another job's. @default none (the ad-tech job) */
  readonly job?: string
  /**
   * Pacing of the retries of entries the stream refuses (throttling). Every stage-1 shard flushes
   * at the end of the same Lambda window, so the default rides out about 20 s of such a burst
   * rather than sizing the partials stream for it. @default 10 attempts from 200 ms, at most 5 s apart
   */
  readonly retry?: RetryPolicy
}

/**
 * Stage 1's exit: the partials of one invocation, packed one record per key group (gzipped JSON)
 * and written to the partials stream with the group's fixed explicit hash key, so a flush costs a few records
 * whatever the number of keys. Entries the stream refuses are retried with backoff; the call
 * returns only when every record is stored, else throws so that Lambda retries the batch (the
 * resent records are recognised by stage 2).
 */
export class KinesisPartialsSink {
  constructor(private readonly options: KinesisPartialsSinkOptions) {}

  /**
   * Writes one invocation's partials; with `rows`, its emitted results (`accumulator` = the value,
   * `id` named after the invocation's records) to be stored as they are.
   */
  async write(partials: readonly PartialAccumulator[], shardId: string, kind: 'partials' | 'rows' = 'partials'): Promise<void> {
    const tag = { ...(this.options.job === undefined ? {} : { job: this.options.job }), ...(kind === 'rows' ? { rows: true as const } : {}) }
    const { kinesis, streamName, retry = BURST_RETRY } = this.options
    for (const round of packPartials(partials, shardId, undefined, tag)) {
      const entries = round.map((r): PutRecordsRequestEntry => ({
        Data: encodePartialsRecord(r),
        PartitionKey: `b${r.bucket}`,
        ExplicitHashKey: bucketHashKey(r.bucket),
      }))
      await putPackedRecords(kinesis, streamName, entries, retry)
    }
  }
}
