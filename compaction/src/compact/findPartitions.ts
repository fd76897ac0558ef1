import { partitionEnd, partitionId, parsePartitionId, type LakePartition, type LakeTable } from '@sdp/catalog'
import { type PartitionCatalog } from '@sdp/catalog/lake'
import type { LakeStore } from '@sdp/catalog/lake'

/**
 * The closed partitions of a Parquet table worth a visit: every partition with live objects or a
 * committed manifest whose hour ended at least `graceMs` ago and at most `lookbackMs` ago, oldest
 * first. Live objects are listed under `parquet/<dataset>/dt=` only, so compacted folders are not
 * listed.
 */
export async function findClosedPartitions(
  store: LakeStore,
  catalog: PartitionCatalog,
  table: LakeTable,
  now: number,
  graceMs: number,
  lookbackMs: number,
): Promise<LakePartition[]> {
  const ids = new Set<string>()
  for (const o of await store.list(`${table.format}/${table.dataset}/dt=`)) {
    const m = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/[^/]+\.parquet$/.exec(o.key)
    if (m) ids.add(`${m[1]}/${m[2]}`)
  }
  for (const p of await catalog.partitions(table.name)) ids.add(partitionId(p))
  return [...ids]
    .sort()
    .map(parsePartitionId)
    .filter((p) => partitionEnd(p) + graceMs <= now && partitionEnd(p) >= now - lookbackMs)
}
