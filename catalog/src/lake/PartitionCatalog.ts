import type { LakePartition } from './LakePartition.js'
import type { PartitionManifest } from './PartitionManifest.js'

/**
 * The source of truth for which objects a `parquet_*` partition holds. Compaction commits a new
 * {@link PartitionManifest} in one step; readers (DuckDB views locally, Athena through the Glue
 * partition location on AWS) see only committed state.
 *
 * Implementations: `FilePartitionCatalog` (local: one immutable file per version, created
 * exclusively) and, on AWS, a Glue-backed catalog in `@sdp/compaction`.
 */
export interface PartitionCatalog {
  /** The committed manifest of a partition, or undefined when it was never compacted. */
  current(table: string, partition: LakePartition): Promise<PartitionManifest | undefined>
  /**
   * Commits `manifest` if and only if the current version is `manifest.version - 1` (compare and
   * swap): of two commits of the same version exactly one succeeds.
   *
   * @returns false when another commit got there first (nothing was changed)
   */
  commit(manifest: PartitionManifest): Promise<boolean>
  /** The partitions of a table that have a committed manifest. */
  partitions(table: string): Promise<LakePartition[]>
}
