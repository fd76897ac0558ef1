import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose'
import { type LakeRow, type LakeTable } from '@sdp/catalog'
import { ndjsonLine } from '@sdp/catalog/lake'
import { StreamRuntimeError } from '../errors.js'
import type { JsonCopySink } from './JsonCopySink.js'
import { putUntilAccepted } from '@sdp/service-kit'

/** Options of {@link FirehoseJsonSink}. */
export interface FirehoseJsonSinkOptions {
  readonly firehose: Pick<FirehoseClient, 'send'>
  /** Delivery stream of each `raw_*` table it writes, e.g. `{ raw_clicks: 'sdp-raw-clicks' }`. */
  readonly deliveryStreams: Readonly<Record<string, string>>
  /** Attempts for records Firehose refuses (throttling). @default 4 */
  readonly attempts?: number
  /** First retry pause; doubles per attempt, with jitter. @default 100 */
  readonly retryBaseMs?: number
}

/** PutRecordBatch takes 500 records and 4 MiB per call. */
const MAX_RECORDS = 500
const MAX_BYTES = 4 * 1024 * 1024
/** A record holds at most 1,000 KiB, and the stream's JSON deaggregation splits at most 500 rows out of it. */
const MAX_ROWS_PER_RECORD = 500
const MAX_RECORD_BYTES = 1_000 * 1024

/**
 * The AWS {@link JsonCopySink}: rows as newline-terminated JSON, packed up to 500 to a record (the
 * delivery stream deaggregates them before partitioning), through `PutRecordBatch` (≤ 500
 * records and 4 MiB per call); records Firehose refuses are retried with backoff. Firehose bills
 * each record in 5 KB steps, so a row of a few hundred bytes alone in a record would be billed
 * as 5 KB. The delivery stream partitions by `dt`/`hour` with a JQ query over the time column
 * (`firehoseJqPartitionQuery`). At least once: a retried flush may deliver a row twice to
 * `raw_*` (rows carry their identity); `parquet_*` stay exact.
 *
 * @throws StreamRuntimeError when records are still refused after every attempt (the invocation
 *   fails and Lambda retries it)
 */
export class FirehoseJsonSink implements JsonCopySink {
  constructor(private readonly options: FirehoseJsonSinkOptions) {}

  async write(table: LakeTable, rows: readonly LakeRow[], _name: string): Promise<void> {
    const stream = this.options.deliveryStreams[table.name]
    if (stream === undefined) throw new StreamRuntimeError(`no Firehose delivery stream is configured for ${table.name}`)
    const encoder = new TextEncoder()
    const lines = rows.map((row) => encoder.encode(ndjsonLine(table, row)))
    for (const batch of chunk(
      chunk(lines, MAX_ROWS_PER_RECORD, MAX_RECORD_BYTES).map((run) => Buffer.concat(run)),
      MAX_RECORDS,
      MAX_BYTES,
    ))
      await this.send(stream, batch)
  }

  private async send(stream: string, records: Uint8Array[]): Promise<void> {
    const attempts = this.options.attempts ?? 4
    const left = await putUntilAccepted(
      records,
      async (pending) => {
        const out = await this.options.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: pending.map((Data) => ({ Data })) }))
        return pending.map((_, i) => Boolean(out.FailedPutCount) && out.RequestResponses?.[i]?.ErrorCode !== undefined)
      },
      { maxAttempts: attempts, baseDelayMs: this.options.retryBaseMs ?? 100, maxDelayMs: 5000 },
    )
    if (left.length > 0) throw new StreamRuntimeError(`Firehose refused ${left.length} records for ${stream} after ${attempts} attempts`)
  }
}

/** `items` in order, cut into runs of at most `count` items and `bytes` bytes (an item larger than `bytes` alone). */
function chunk(items: readonly Uint8Array[], count: number, bytes: number): Uint8Array[][] {
  const out: Uint8Array[][] = []
  let run: Uint8Array[] = []
  let size = 0
  for (const item of items) {
    if (run.length === count || (run.length > 0 && size + item.byteLength > bytes)) {
      out.push(run)
      run = []
      size = 0
    }
    run.push(item)
    size += item.byteLength
  }
  if (run.length > 0) out.push(run)
  return out
}
