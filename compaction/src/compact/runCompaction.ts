import { LAKE_TABLES, type LakePartition, type LakeTable } from '@sdp/catalog'
import { COMPACTION_DEFAULTS } from '../constants.js'
import { compactPartition } from './compactPartition.js'
import { findJobTables } from './findJobTables.js'
import { findClosedPartitions } from './findPartitions.js'
import type { CompactionOptions, CompactionRunReport, PartitionReport } from './types.js'

/** The four `parquet_*` tables, the default of a run. */
export const PARQUET_TABLES: readonly LakeTable[] = Object.values(LAKE_TABLES).filter((t) => t.format === 'parquet')

/**
 * One compaction run: finds the closed partitions of every Parquet table — the four `parquet_*`
 * and each user job's `parquet_job_<name>` found in the lake — (hour ended more than the
 * grace period ago, within the lookback) and compacts them one after the other
 * (`compactPartition`), reporting files, bytes and rows in and out per partition and in total.
 *
 * @example
 * ```ts
 * const report = await runCompaction({ store, catalog, lease, targetBytes: 128 * 2 ** 20 })
 * console.log(report.totals.filesIn, '→', report.totals.filesOut)
 * ```
 */
export async function runCompaction(options: CompactionOptions): Promise<CompactionRunReport> {
  const now = options.now ?? Date.now
  const startedAt = now()
  const started = performance.now()
  const work: [LakeTable, LakePartition][] = []
  const tables = options.tables ?? [...PARQUET_TABLES, ...(await findJobTables(options.store))]
  for (const table of tables) {
    const partitions = await findClosedPartitions(
      options.store,
      options.catalog,
      table,
      startedAt,
      options.graceMs ?? COMPACTION_DEFAULTS.graceMs,
      options.lookbackMs ?? COMPACTION_DEFAULTS.lookbackMs,
    )
    for (const p of partitions) work.push([table, p])
  }
  const reports: PartitionReport[] = []
  for (const [table, partition] of work) {
    const report = await compactPartition(options, table, partition)
    reports.push(report)
    options.onProgress?.(reports.length, work.length, report)
  }
  const durationMs = performance.now() - started
  const sum = (f: (r: PartitionReport) => number) => reports.reduce((s, r) => s + f(r), 0)
  const totals = {
    partitions: reports.length,
    compacted: reports.filter((r) => r.status === 'compacted').length,
    skipped: reports.filter((r) => r.status === 'leased' || r.status === 'lost-race').length,
    filesIn: sum((r) => r.filesIn),
    filesOut: sum((r) => r.filesOut),
    bytesIn: sum((r) => r.bytesIn),
    bytesOut: sum((r) => r.bytesOut),
    rowsIn: sum((r) => r.rowsIn),
    rowsOut: sum((r) => r.rowsOut),
    duplicatesDropped: sum((r) => r.duplicatesDropped),
    deleted: sum((r) => r.deleted),
  }
  const mbPerSecond = durationMs > 0 ? totals.bytesIn / 2 ** 20 / (durationMs / 1000) : 0
  return { startedAt, durationMs, partitions: reports, totals, mbPerSecond }
}
