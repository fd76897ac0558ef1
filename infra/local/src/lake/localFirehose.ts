import { gzipSync } from 'node:zlib'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { LAKE_TABLES, lakeObjectKey, partitionId, recordRangeName, type LakePartition } from '@sdp/catalog'
import { deadLetterObject, transformStreamRecord, type RefusedRecord } from '@sdp/compaction'

/** The records of a Kinesis tumbling-window event the stand-in reads. */
export interface StandInWindowEvent {
  readonly Records: ReadonlyArray<{
    readonly kinesis: { readonly data: string; readonly sequenceNumber: string; readonly approximateArrivalTimestamp: number }
    readonly eventID?: string
  }>
  readonly shardId?: string
}

/** Options of {@link createLocalFirehose}. */
export interface LocalFirehoseOptions {
  readonly s3: Pick<S3Client, 'send'>
  /** @default 'sdp-lake' */
  readonly bucket?: string
  /** @default no log */
  readonly log?: (entry: Record<string, unknown>) => void
}

/**
 * The local stand-in for Firehose's stream-to-S3 delivery of `raw_bcns`, shaped as a Kinesis
 * tumbling-window handler so the local platform attaches it as one more event-source mapping.
 * It runs the Lambda's transformation (`transformStreamRecord`) on every record and writes one
 * gzip NDJSON object per partition touched, `raw/bcns/dt=YYYY-MM-DD/hour=HH/<shard>-<first>-<last>.json.gz`,
 * and the refused records with their reasons to `errors/firehose-transform/`; heartbeats are
 * dropped. Names come from the batch's records, so a retried batch rewrites its objects. Only
 * infrastructure errors throw (and the mapping retries).
 *
 * @example
 * ```ts
 * const consumer = { name: 'raw-landing', handlerFactory: (ctx) => createLocalFirehose({ s3: ctx.services.s3 }) }
 * ```
 */
export function createLocalFirehose(options: LocalFirehoseOptions) {
  const bucket = options.bucket ?? 'sdp-lake'
  const table = LAKE_TABLES.raw_bcns
  return async function deliver(event: StandInWindowEvent): Promise<{ state: Record<string, never>; batchItemFailures: [] }> {
    const first = event.Records[0]
    const last = event.Records[event.Records.length - 1]
    if (first === undefined || last === undefined) return { state: {}, batchItemFailures: [] }
    const shardId = event.shardId ?? first.eventID?.split(':')[0] ?? 'shardId-unknown'
    const name = recordRangeName(shardId, first.kinesis.sequenceNumber, last.kinesis.sequenceNumber)
    const groups = new Map<string, { partition: LakePartition; lines: string[] }>()
    const refused: RefusedRecord[] = []
    for (const { kinesis } of event.Records) {
      const out = transformStreamRecord(Buffer.from(kinesis.data, 'base64'))
      if (out.result === 'Ok') {
        const id = partitionId(out.partition)
        const group = groups.get(id) ?? { partition: out.partition, lines: [] }
        group.lines.push(out.line)
        groups.set(id, group)
      } else if (out.result === 'ProcessingFailed') {
        refused.push({
          id: kinesis.sequenceNumber,
          reason: out.reason,
          data: kinesis.data,
          arrivalTime: Math.round(kinesis.approximateArrivalTimestamp * 1000),
        })
      }
    }
    const puts = [...groups.values()].map((g) => ({ key: lakeObjectKey(table, g.partition, name), body: gzipSync(g.lines.join('')), type: 'application/gzip' }))
    const dead = deadLetterObject(refused, name)
    if (dead) puts.push({ key: dead.key, body: Buffer.from(dead.body), type: 'application/json' })
    await Promise.all(puts.map((p) => options.s3.send(new PutObjectCommand({ Bucket: bucket, Key: p.key, Body: p.body, ContentType: p.type }))))
    options.log?.({ consumer: 'local-firehose', shardId, records: event.Records.length, objects: groups.size, refused: refused.length })
    return { state: {}, batchItemFailures: [] }
  }
}
