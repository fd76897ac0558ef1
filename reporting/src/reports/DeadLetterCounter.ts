import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import type { MetricsResponse } from './responses.js'

/** Options of {@link DeadLetterCounter}. */
export interface DeadLetterCounterOptions {
  readonly s3: Pick<S3Client, 'send'>
  readonly bucket: string
  /** @default 'errors/' */
  readonly prefix?: string
  /** Listing pages (1,000 keys each) read per count; beyond them the count is incomplete. @default 10 */
  readonly maxPages?: number
  /** Files whose record count is not known yet that one count opens. @default 50 */
  readonly maxReadsPerCount?: number
}

/**
 * Counts dead letters in the lake (`errors/<source>/dt=…/<name>.json`, written by every stream
 * consumer). Lists the files each time; opens each file once to learn its record count (a dead-
 * letter file is named by the records it holds, so its count never changes) and remembers it, so
 * the cost after the first count is one listing. Works alike on S3 and s3rver.
 */
export class DeadLetterCounter {
  private readonly recordsByFile = new Map<string, number>()

  constructor(private readonly options: DeadLetterCounterOptions) {}

  async count(): Promise<MetricsResponse['dead_letters']> {
    const { prefix = 'errors/', maxReadsPerCount = 50 } = this.options
    const listing = await this.list(prefix)
    // Only JSON dead-letter objects say how many records they hold (Firehose's own delivery errors do not).
    const unknown = listing.files.filter((key) => key.endsWith('.json') && !this.recordsByFile.has(key)).slice(0, maxReadsPerCount)
    await Promise.all(unknown.map(async (key) => this.recordsByFile.set(key, await this.recordsIn(key))))
    const known = listing.files.map((key) => this.recordsByFile.get(key))
    const records = known.reduce<number>((sum, n) => sum + (n ?? 0), 0)
    if (listing.whole) this.forgetUnlisted(listing.files)
    const { files, latest, bySource } = listing
    const complete = listing.whole && known.every((n) => n !== undefined)
    return { files: files.length, records, complete, latest_at: latest === 0 ? null : new Date(latest).toISOString(), by_source: bySource }
  }

  /** Lists the dead-letter files, up to `maxPages` pages; `whole` when the listing got to its end. */
  private async list(prefix: string): Promise<{ files: string[]; bySource: Record<string, number>; latest: number; whole: boolean }> {
    const { s3, bucket, maxPages = 10 } = this.options
    const files: string[] = []
    const bySource: Record<string, number> = {}
    let latest = 0
    let token: string | undefined
    let pages = 0
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue
        files.push(object.Key)
        const source = object.Key.slice(prefix.length).split('/')[0] ?? ''
        bySource[source] = (bySource[source] ?? 0) + 1
        latest = Math.max(latest, object.LastModified?.getTime() ?? 0)
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token !== undefined && ++pages < maxPages)
    return { files, bySource, latest, whole: token === undefined }
  }

  /** Drops the counts of files the lifecycle rule has expired. */
  private forgetUnlisted(files: readonly string[]): void {
    if (this.recordsByFile.size <= files.length) return
    const listed = new Set(files)
    for (const key of this.recordsByFile.keys()) if (!listed.has(key)) this.recordsByFile.delete(key)
  }

  /** Records in one file: its `count`, else its `records` array, else its JSON lines. */
  private async recordsIn(key: string): Promise<number> {
    const object = await this.options.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }))
    const text = (await object.Body?.transformToString('utf8')) ?? ''
    try {
      const v = JSON.parse(text) as { count?: unknown; records?: unknown }
      if (typeof v.count === 'number') return v.count
      if (Array.isArray(v.records)) return v.records.length
      return 1
    } catch {
      return text.split('\n').filter((line) => line.trim() !== '').length
    }
  }
}
