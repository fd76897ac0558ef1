import type { LakePartition } from './LakePartition.js'

/** One Parquet object of a committed compacted version. */
export interface ManifestFile {
  readonly key: string
  readonly bytes: number
  readonly rows: number
}

/**
 * The committed state of one partition of a `parquet_*` table, the catalog's answer to "which
 * objects hold this partition". Readers see {@link visibleKeys}: the compacted `files` plus every
 * live object the last compaction did not merge (a late file is visible at once).
 */
export interface PartitionManifest {
  readonly table: string
  readonly partition: LakePartition
  /** 1 for the first compaction; each commit is exactly the previous version plus one. */
  readonly version: number
  /** The prefix that holds exactly `files` (ends in `/`): the Glue partition location on AWS. */
  readonly location: string
  readonly files: readonly ManifestFile[]
  /** Live objects merged into `files`: hidden from readers from this version on, deleted later. */
  readonly replaced: readonly string[]
  /** Epoch ms of the commit; superseded objects are deleted a delay after it. */
  readonly committedAt: number
}

/**
 * The objects a reader must read for a partition: the committed compacted files plus the live
 * objects not merged into them; only the live objects when the partition was never compacted.
 *
 * @param liveKeys - the keys under the partition's live prefix (`partitionPrefix`)
 * @example
 * ```ts
 * visibleKeys(manifest, await store.list(partitionPrefix(table, p)))
 * ```
 */
export function visibleKeys(manifest: PartitionManifest | undefined, liveKeys: readonly string[]): string[] {
  if (manifest === undefined) return [...liveKeys]
  const replaced = new Set(manifest.replaced)
  return [...manifest.files.map((f) => f.key), ...liveKeys.filter((k) => !replaced.has(k))]
}
