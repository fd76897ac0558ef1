import { ExpiredIteratorException, GetRecordsCommand, GetShardIteratorCommand, InvalidArgumentException, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Clock } from './types.js'

/** A record as read from the shard, already in the shape the event needs. */
export interface FetchedRecord {
  readonly sequenceNumber: string
  readonly partitionKey: string
  /** Base64 of the producer's bytes. */
  readonly data: string
  /** `ApproximateArrivalTimestamp` in epoch milliseconds. */
  readonly arrivalMs: number
}

/** The outcome of one GetRecords call. */
export interface ReadResult {
  readonly records: ReadonlyArray<FetchedRecord>
  /** The shard is closed and every record has been read (no next iterator). */
  readonly ended: boolean
  /** The read reached the tip of the shard as of `startedAt`. */
  readonly caughtUp: boolean
  /** Clock time the call was sent. */
  readonly startedAt: number
  readonly millisBehindLatest: number
}

/**
 * Reads one shard in order with GetShardIterator/GetRecords, resuming after the last record it
 * returned when an iterator expires (they live five minutes; a retrying handler can outlast them).
 */
export class ShardReader {
  private iterator: string | undefined
  private lastSequenceNumber: string | undefined
  private ended = false

  public constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly shardId: string,
    private readonly limit: number,
    private readonly clock: Clock,
  ) {}

  /**
   * Positions the reader AFTER_SEQUENCE_NUMBER `after`, or at TRIM_HORIZON without one.
   * Throws what Kinesis throws; the caller retries.
   */
  public async open(after: string | undefined): Promise<void> {
    this.lastSequenceNumber = after
    await this.renewIterator()
  }

  /** True once GetRecords reported the end of a closed shard. */
  public get isEnded(): boolean {
    return this.ended
  }

  /** One GetRecords call. Throws what Kinesis throws (after renewing a stale iterator). */
  public async read(): Promise<ReadResult> {
    const startedAt = this.clock()
    if (this.ended) return { records: [], ended: true, caughtUp: true, startedAt, millisBehindLatest: 0 }
    if (this.iterator === undefined) await this.renewIterator()
    let response
    try {
      response = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: this.iterator, Limit: this.limit }))
    } catch (error) {
      // An expired (or otherwise unusable) iterator is replaced on the next read.
      if (error instanceof ExpiredIteratorException || error instanceof InvalidArgumentException) {
        this.iterator = undefined
      }
      throw error
    }
    const records = (response.Records ?? []).map((r): FetchedRecord => ({
      sequenceNumber: r.SequenceNumber ?? '',
      partitionKey: r.PartitionKey ?? '',
      data: Buffer.from(r.Data ?? new Uint8Array()).toString('base64'),
      arrivalMs: r.ApproximateArrivalTimestamp?.getTime() ?? startedAt,
    }))
    const last = records.at(-1)
    if (last !== undefined) this.lastSequenceNumber = last.sequenceNumber
    this.iterator = response.NextShardIterator ?? undefined
    this.ended = response.NextShardIterator == null
    const millisBehindLatest = response.MillisBehindLatest ?? 0
    return {
      records,
      ended: this.ended,
      caughtUp: this.ended || (millisBehindLatest === 0 && records.length < this.limit),
      startedAt,
      millisBehindLatest,
    }
  }

  private async renewIterator(): Promise<void> {
    const after = this.lastSequenceNumber
    const { ShardIterator } = await this.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: this.streamName,
        ShardId: this.shardId,
        ...(after === undefined ? { ShardIteratorType: 'TRIM_HORIZON' } : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }),
      }),
    )
    this.iterator = ShardIterator
    this.ended = false
  }
}
