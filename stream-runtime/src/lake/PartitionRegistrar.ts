import type { LakePartition, LakeTable } from '@sdp/catalog'

/**
 * Registers the partitions the lake sink writes to, where a catalog needs partitions registered
 * before readers see them (Glue for `parquet_*` on AWS). Must never change a registered partition
 * (compaction owns its location once it exists).
 */
export interface PartitionRegistrar {
  register(table: LakeTable, partition: LakePartition): Promise<void>
}
