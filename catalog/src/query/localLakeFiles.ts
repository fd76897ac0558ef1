import { join } from 'node:path'
import type { LakeTable } from '../lake/LakeTable.js'
import type { PartitionCatalog } from '../lake/PartitionCatalog.js'
import { visibleKeys } from '../lake/PartitionManifest.js'
import { partitionId, parsePartitionId } from '../lake/LakePartition.js'
import { LAKE_EXTENSIONS } from '../lake/lakeKeys.js'
import { isCompleteGzip, isCompleteParquet } from './_internal/completeFiles.js'
import { listBucketFiles, S3RVER_OBJECT_SUFFIX } from './_internal/listBucketFiles.js'

/** Where the local lake lives. */
export interface LocalLakeLocation {
  /** s3rver's directory (`<dataDir>/s3`). */
  readonly s3Directory: string
  /** @default 'sdp-lake' */
  readonly bucket?: string
  /** The committed state of `parquet_*` partitions (a `FilePartitionCatalog` over `<dataDir>/catalog`). */
  readonly catalog: PartitionCatalog
}

const LIVE_KEY = /^[a-z]+\/[a-z_]+\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/[^/]+$/

/**
 * The files a reader of the local lake must read for one table, as paths on disk, complete files
 * only: for `raw_*` every `.json.gz` object; for `parquet_*`, per partition, the catalog's
 * committed compacted files plus the live objects the last compaction did not merge
 * (`visibleKeys`). Reads s3rver's directory and the catalog directly, so it works whether or not
 * the platform runs.
 */
export async function localLakeFiles(location: LocalLakeLocation, table: LakeTable, now = Date.now()): Promise<string[]> {
  const bucketDir = join(location.s3Directory, location.bucket ?? 'sdp-lake')
  const pathOf = (key: string) => join(bucketDir, ...key.split('/')) + S3RVER_OBJECT_SUFFIX
  const extension = LAKE_EXTENSIONS[table.format]
  const live = (await listBucketFiles(bucketDir, `${table.format}/${table.dataset}/`)).filter((f) => LIVE_KEY.test(f.key) && f.key.endsWith(extension))
  if (table.format === 'raw') {
    const complete = await Promise.all(live.map((f) => isCompleteGzip(f, now)))
    return live.filter((_, i) => complete[i]).map((f) => f.path)
  }
  const byPartition = new Map<string, string[]>()
  for (const f of live) {
    const m = LIVE_KEY.exec(f.key) as RegExpExecArray
    const id = `${m[1]}/${m[2]}`
    byPartition.set(id, [...(byPartition.get(id) ?? []), f.key])
  }
  for (const p of await location.catalog.partitions(table.name)) {
    if (!byPartition.has(partitionId(p))) byPartition.set(partitionId(p), [])
  }
  const keys: string[] = []
  for (const [id, liveKeys] of [...byPartition].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const manifest = await location.catalog.current(table.name, parsePartitionId(id))
    keys.push(...visibleKeys(manifest, liveKeys))
  }
  const paths = keys.map(pathOf)
  const complete = await Promise.all(paths.map(isCompleteParquet))
  return paths.filter((_, i) => complete[i])
}
