import { compactedPrefix, partitionPrefix, type LakePartition, type LakeTable } from '@sdp/catalog'
import { type PartitionManifest } from '@sdp/catalog/lake'
import type { LakeStore } from '@sdp/catalog/lake'

const ATTEMPT_DIR = /\/v(\d+)-[^/]+\/[^/]+$/

/** The live Parquet objects of a partition: directly under its live prefix. */
export async function listLive(store: LakeStore, table: LakeTable, partition: LakePartition) {
  const prefix = partitionPrefix(table, partition)
  return (await store.list(prefix)).filter((o) => o.key.endsWith('.parquet') && !o.key.slice(prefix.length).includes('/'))
}

/**
 * Deletes what the committed `manifest` has made unreachable, once `delayMs` has passed since its
 * commit (so queries that started before it can finish): live objects it replaced, and compacted
 * folders of versions up to its own other than its location (superseded versions, and attempts
 * that lost or crashed before committing — none of these can ever be committed again, as a commit
 * must be exactly the next version). Folders of later versions belong to a compaction in flight
 * and are left alone. Idempotent.
 *
 * @returns the number of objects deleted
 */
export async function collectGarbage(
  store: LakeStore,
  table: LakeTable,
  partition: LakePartition,
  manifest: PartitionManifest,
  now: number,
  delayMs: number,
): Promise<number> {
  if (now < manifest.committedAt + delayMs) return 0
  const replaced = new Set(manifest.replaced)
  const garbage = (await listLive(store, table, partition)).filter((o) => replaced.has(o.key)).map((o) => o.key)
  for (const o of await store.list(compactedPrefix(table, partition))) {
    if (o.key.startsWith(manifest.location)) continue
    const version = Number(ATTEMPT_DIR.exec(o.key)?.[1] ?? Number.POSITIVE_INFINITY)
    if (version <= manifest.version) garbage.push(o.key)
  }
  if (garbage.length > 0) await store.delete(garbage)
  return garbage.length
}
