// Counts the AWS requests of SDK clients by kind, with the sizes the bill depends on: the bytes of
// each Kinesis PutRecords entry (PUT payload units), of each DynamoDB PutItem item (write units)
// and of each S3 PUT body; the rows of the JSON copies (one Firehose record each on AWS).
import { gunzipSync } from 'node:zlib'

/** Request counts by kind (`state PUT`, `lake PUT`, `ddb PutItem`, `partials PutRecords`…). */
export type Counts = Map<string, number>

/** A client whose `middlewareStack` can count requests (any AWS SDK v3 client). */
interface CountableClient {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void }
}

/** The sizes seen so far, in call order. */
export interface Sizes {
  /** Bytes of every PutRecords entry (data + partition key), as Kinesis bills them. */
  readonly putRecordEntries: number[]
  /** Entries of every PutRecords call. */
  readonly putRecordsCalls: number[]
  /** Every PutItem item: its kind (`dir`, `k`, `h`, `d`, `m` by partition key), bytes (as DynamoDB bills them) and slots (campaigns, periods or hours it holds). */
  readonly putItems: PutItemSize[]
  /** Bytes of every S3 PUT body by area (`lake`, `raw`, `state`…). */
  readonly s3Puts: Map<string, number[]>
  /** Rows and uncompressed bytes of every JSON copy (`raw/…json.gz`) put. */
  readonly jsonCopies: { rows: number; bytes: number }
}

/** One PutItem's item. */
export interface PutItemSize {
  readonly kind: string
  readonly bytes: number
  readonly slots: number
}

/** Counts every request of the clients it is attached to. */
export class RequestCounter {
  readonly counts: Counts = new Map()
  readonly sizes: Sizes = { putRecordEntries: [], putRecordsCalls: [], putItems: [], s3Puts: new Map(), jsonCopies: { rows: 0, bytes: 0 } }

  attach(client: CountableClient): void {
    const middleware =
      (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const kind = requestKind(context.commandName ?? 'unknown', args.input)
        this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1)
        this.measure(kind, args.input)
        return next(args)
      }
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'benchmarkRequestCounter' })
  }

  /** A copy of the counts, to diff against later. */
  snapshot(): Counts {
    return new Map(this.counts)
  }

  private measure(kind: string, input: Record<string, unknown>): void {
    if (kind === 'PutRecords') this.measurePutRecords(input)
    else if (kind === 'ddb PutItem') this.measurePutItem(input)
    else if (kind.endsWith(' PUT')) this.measureS3Put(kind.slice(0, -4), input.Body)
  }

  /** Entries per call, and the billed bytes of each entry. */
  private measurePutRecords(input: Record<string, unknown>): void {
    const records = (input.Records ?? []) as Array<{ Data?: Uint8Array; PartitionKey?: string }>
    this.sizes.putRecordsCalls.push(records.length)
    for (const r of records) this.sizes.putRecordEntries.push((r.Data?.byteLength ?? 0) + Buffer.byteLength(r.PartitionKey ?? ''))
  }

  /** The item's kind (its key's prefix), size and number of slots. */
  private measurePutItem(input: Record<string, unknown>): void {
    const item = input.Item as Record<string, Record<string, string>>
    const pk = item.pk?.S ?? ''
    const kind = pk === 'dir' ? 'dir' : pk.slice(0, pk.indexOf('#'))
    const value = JSON.parse(item.a?.S ?? '{}') as Record<string, object>
    // A head's slots are its periods, hours and days.
    const slots = kind === 'k' ? [value.periods, value.hours, value.days].reduce((n, o) => n + Object.keys(o ?? {}).length, 0) : Object.keys(value).length
    this.sizes.putItems.push({ kind, bytes: dynamoItemBytes(item), slots })
  }

  /** The object's size in its area; a gzipped raw object also counts the JSON lines it holds. */
  private measureS3Put(area: string, body: unknown): void {
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0
    this.sizes.s3Puts.set(area, [...(this.sizes.s3Puts.get(area) ?? []), bytes])
    if (area === 'raw' && body instanceof Uint8Array && body[0] === 0x1f && body[1] === 0x8b) {
      const text = gunzipSync(body)
      this.sizes.jsonCopies.bytes += text.byteLength
      for (const byte of text) if (byte === 0x0a) this.sizes.jsonCopies.rows++
    }
  }
}

/** DynamoDB's item size: the UTF-8 bytes of every attribute name and value (strings and numbers). */
export function dynamoItemBytes(item: Record<string, Record<string, string>> | undefined): number {
  let bytes = 0
  for (const [name, value] of Object.entries(item ?? {})) {
    bytes += Buffer.byteLength(name)
    const v = value.S ?? value.N ?? ''
    // A number is stored in about (significant digits / 2) + 1 bytes; its text length bounds it.
    bytes += Buffer.byteLength(v)
  }
  return bytes
}

function requestKind(command: string, input: Record<string, unknown>): string {
  const named = input.Key ?? input.Prefix
  const where = typeof named === 'string' ? named : ''
  const area = where.startsWith('state/')
    ? 'state'
    : where.startsWith('parquet/')
      ? 'lake'
      : where.startsWith('raw/')
        ? 'raw'
        : where.startsWith('errors/')
          ? 'errors'
          : 's3'
  switch (command) {
    case 'PutObjectCommand':
      return `${area} PUT`
    case 'GetObjectCommand':
      return `${area} GET`
    case 'ListObjectsCommand':
    case 'ListObjectsV2Command':
      return `${area} LIST`
    case 'DeleteObjectsCommand':
    case 'DeleteObjectCommand':
      return `${area} DELETE`
    case 'PutItemCommand':
      return 'ddb PutItem'
    default:
      return command.replace(/Command$/, '')
  }
}

/** What was counted between `before` and `after`. */
export function diff(after: Counts, before: Counts): Counts {
  const out: Counts = new Map()
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) out.set(k, v - (before.get(k) ?? 0))
  return out
}

/** The mean count of each kind over `list` (kinds missing from an entry count 0). */
export function meanCounts(list: readonly Counts[]): Record<string, number> {
  const sums = new Map<string, number>()
  for (const c of list) for (const [k, v] of c) sums.set(k, (sums.get(k) ?? 0) + v)
  return Object.fromEntries([...sums].sort().map(([k, v]) => [k, Number((v / Math.max(1, list.length)).toFixed(2))]))
}
