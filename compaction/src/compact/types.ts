import type { LakePartition, LakeTable } from '@sdp/catalog'
import type { PartitionCatalog } from '@sdp/catalog/lake'
import type { COMPACTION_STEPS } from '../constants.js'
import type { Lease } from '../lease/Lease.js'
import type { LakeStore } from '@sdp/catalog/lake'

/** A step of compacting one partition (see `COMPACTION_STEPS`). */
export type CompactionStep = (typeof COMPACTION_STEPS)[number]

/** Where compaction reads and writes, and how. */
export interface CompactionOptions {
  readonly store: LakeStore
  readonly catalog: PartitionCatalog
  readonly lease: Lease
  /** The Parquet tables to compact. @default the four `parquet_*` tables and every `parquet_job_<name>` with objects under `parquet/job_<name>/` */
  readonly tables?: readonly LakeTable[]
  /** @default 128 MiB */
  readonly targetBytes?: number
  /** @default 0.75 */
  readonly keepRatio?: number
  /** @default 30 minutes */
  readonly graceMs?: number
  /** @default 30 minutes */
  readonly deleteDelayMs?: number
  /** @default 15 minutes */
  readonly leaseTtlMs?: number
  /** @default 72 hours */
  readonly lookbackMs?: number
  /** @default Date.now */
  readonly now?: () => number
  /** Names one attempt's output folder. @default a random id */
  readonly attemptId?: () => string
  /** Called after each step of each partition (tests inject crashes here). */
  readonly onStep?: (step: CompactionStep, table: LakeTable, partition: LakePartition) => void | Promise<void>
  /** Called after each partition: `done` of `total` partitions. */
  readonly onProgress?: (done: number, total: number, report: PartitionReport) => void
}

/** What happened to one partition. */
export type PartitionStatus = 'compacted' | 'up-to-date' | 'leased' | 'lost-race'

/** Files, bytes and rows in and out of a compaction, and what it dropped and deleted. */
export interface CompactionCounts {
  readonly filesIn: number
  readonly filesOut: number
  readonly bytesIn: number
  readonly bytesOut: number
  readonly rowsIn: number
  readonly rowsOut: number
  readonly duplicatesDropped: number
  /** Superseded objects deleted (inputs of earlier commits past the delay). */
  readonly deleted: number
}

/** Files, bytes and rows in and out of one partition's compaction. */
export interface PartitionReport extends CompactionCounts {
  readonly table: string
  readonly partition: LakePartition
  readonly status: PartitionStatus
  /** The committed version after this run (0: never compacted). */
  readonly version: number
}

/** The totals of a run, per partition and summed. */
export interface CompactionRunReport {
  readonly startedAt: number
  readonly durationMs: number
  readonly partitions: readonly PartitionReport[]
  readonly totals: CompactionCounts & {
    readonly partitions: number
    readonly compacted: number
    readonly skipped: number
  }
  /** Input megabytes (MiB) compacted per second of run time. */
  readonly mbPerSecond: number
}
