import { CreatePartitionCommand, UpdatePartitionCommand, type GlueClient } from '@aws-sdk/client-glue'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { lakeTableByName, type LakePartition } from '@sdp/catalog'
import { gluePartitionInput, type PartitionCatalog, type PartitionManifest } from '@sdp/catalog/lake'
import type { LakeStore } from '@sdp/catalog/lake'

/** Clients and names of {@link GluePartitionCatalog}. */
export interface GluePartitionCatalogOptions {
  readonly glue: Pick<GlueClient, 'send'>
  readonly s3: Pick<S3Client, 'send'>
  /** The lake bucket as a store (lists and reads manifests). */
  readonly store: LakeStore
  readonly bucket: string
  readonly database: string
  /** Where the manifests live in the bucket. @default '_catalog/' */
  readonly prefix?: string
}

const VERSION = /\/v(\d{9})\.json$/
const isConflict = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.name === 'PreconditionFailed' || e.$metadata?.httpStatusCode === 412 || e.$metadata?.httpStatusCode === 409
}

/**
 * The AWS {@link PartitionCatalog}. Each version's manifest is an immutable object
 * `_catalog/<table>/dt=/hour=/v000000001.json` created with `If-None-Match: *` (the compare and
 * swap: of two commits of one version exactly one creates it); the Glue partition's location is
 * then swapped to the manifest's `location` in one `UpdatePartition` call (`CreatePartition` if
 * the partition is not registered yet) — what Athena reads. A commit interrupted between the two
 * calls is rolled forward by the next `current()`.
 */
export class GluePartitionCatalog implements PartitionCatalog {
  private readonly prefix: string

  constructor(private readonly options: GluePartitionCatalogOptions) {
    this.prefix = options.prefix ?? '_catalog/'
  }

  private dir(table: string, p: LakePartition): string {
    return `${this.prefix}${table}/dt=${p.dt}/hour=${p.hour}/`
  }

  private async latest(table: string, p: LakePartition): Promise<PartitionManifest | undefined> {
    const keys = (await this.options.store.list(this.dir(table, p))).map((o) => o.key).filter((k) => VERSION.test(k))
    const key = keys.sort().at(-1)
    const bytes = key === undefined ? undefined : await this.options.store.get(key)
    return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString('utf8')) as PartitionManifest)
  }

  async current(table: string, partition: LakePartition): Promise<PartitionManifest | undefined> {
    const manifest = await this.latest(table, partition)
    if (manifest !== undefined) await this.point(manifest) // roll forward an interrupted commit
    return manifest
  }

  async commit(manifest: PartitionManifest): Promise<boolean> {
    const before = await this.latest(manifest.table, manifest.partition)
    if ((before?.version ?? 0) !== manifest.version - 1) return false
    const key = `${this.dir(manifest.table, manifest.partition)}v${String(manifest.version).padStart(9, '0')}.json`
    try {
      await this.options.s3.send(
        new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: JSON.stringify(manifest), ContentType: 'application/json', IfNoneMatch: '*' }),
      )
    } catch (error) {
      if (isConflict(error)) return false
      throw error
    }
    await this.point(manifest)
    // A stale committer may have pointed Glue at an older version meanwhile: point at the newest.
    const after = await this.latest(manifest.table, manifest.partition)
    if (after !== undefined && after.version > manifest.version) await this.point(after)
    return true
  }

  async partitions(table: string): Promise<LakePartition[]> {
    const seen = new Map<string, LakePartition>()
    for (const o of await this.options.store.list(`${this.prefix}${table}/`)) {
      const m = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/v\d{9}\.json$/.exec(o.key)
      if (m) seen.set(`${m[1]}/${m[2]}`, { dt: m[1] as string, hour: m[2] as string })
    }
    return [...seen.values()]
  }

  private async point(manifest: PartitionManifest): Promise<void> {
    const input = gluePartitionInput(lakeTableByName(manifest.table), manifest.partition, {
      bucket: this.options.bucket,
      location: `s3://${this.options.bucket}/${manifest.location}`,
      parameters: { 'sdp.version': String(manifest.version) },
    })
    const { glue, database } = this.options
    try {
      await glue.send(
        new UpdatePartitionCommand({
          DatabaseName: database,
          TableName: manifest.table,
          PartitionValueList: [manifest.partition.dt, manifest.partition.hour],
          PartitionInput: input,
        }),
      )
    } catch (error) {
      if ((error as { name?: string }).name !== 'EntityNotFoundException') throw error
      await this.create(manifest, input)
    }
  }

  /** A new Glue partition; a user job's table, which the stack does not register in Glue, may have no Glue table to hold it. */
  private async create(manifest: PartitionManifest, input: ReturnType<typeof gluePartitionInput>): Promise<void> {
    const { glue, database } = this.options
    try {
      await glue.send(new CreatePartitionCommand({ DatabaseName: database, TableName: manifest.table, PartitionInput: input }))
    } catch (error) {
      // The manifest, written first, is what readers of a job table follow.
      if ((error as { name?: string }).name === 'EntityNotFoundException' && manifest.table.startsWith('parquet_job_')) return
      throw error
    }
  }
}
