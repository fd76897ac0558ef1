import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose'
import { type LakeRow, type LakeTable } from '@sdp/catalog'
import { ndjsonLine } from '@sdp/catalog/lake'
import { StreamRuntimeError } from '../errors.js'
import type { JsonCopySink } from './JsonCopySink.js'
import { putUntilAccepted } from '../retry/putUntilAccepted.js'

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

const MAX_RECORDS = 500
const MAX_BYTES = 4 * 1024 * 1024

/**
 * The AWS {@link JsonCopySink}: one newline-terminated JSON record per row through
 * `PutRecordBatch` (≤ 500 records and 4 MiB per call), records Firehose refuses retried with
 * backoff; the delivery stream partitions by `dt`/`hour` with a JQ query over the time column
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
    let batch: Uint8Array[] = []
    let bytes = 0
    for (const row of rows) {
      const data = encoder.encode(ndjsonLine(table, row))
      if (batch.length === MAX_RECORDS || bytes + data.byteLength > MAX_BYTES) {
        await this.send(stream, batch)
        batch = []
        bytes = 0
      }
      batch.push(data)
      bytes += data.byteLength
    }
    if (batch.length > 0) await this.send(stream, batch)
  }

  private async send(stream: string, records: Uint8Array[]): Promise<void> {
    const attempts = this.options.attempts ?? 4
    const left = await putUntilAccepted(
      records,
      async (pending) => {
        const out = await this.options.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: pending.map((Data) => ({ Data })) }))
        return pending.map((_, i) => Boolean(out.FailedPutCount) && out.RequestResponses?.[i]?.ErrorCode !== undefined)
      },
      { attempts, baseMs: this.options.retryBaseMs ?? 100 },
    )
    if (left.length > 0) throw new StreamRuntimeError(`Firehose refused ${left.length} records for ${stream} after ${attempts} attempts`)
  }
}
