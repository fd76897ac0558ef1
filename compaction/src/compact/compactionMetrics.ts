import type { CompactionRunReport } from './types.js'

/**
 * A run's totals as one CloudWatch Embedded Metric Format log line (namespace `sdp/compaction`):
 * Lambda's log ingestion turns it into metrics without an API call.
 */
export function compactionMetrics(report: CompactionRunReport, namespace = 'sdp/compaction'): Record<string, unknown> {
  const t = report.totals
  const values = {
    FilesIn: t.filesIn,
    FilesOut: t.filesOut,
    BytesIn: t.bytesIn,
    BytesOut: t.bytesOut,
    RowsIn: t.rowsIn,
    RowsOut: t.rowsOut,
    DuplicatesDropped: t.duplicatesDropped,
    PartitionsCompacted: t.compacted,
    ObjectsDeleted: t.deleted,
    DurationMs: Math.round(report.durationMs),
  }
  const unit = (name: string) => (name.startsWith('Bytes') ? 'Bytes' : name === 'DurationMs' ? 'Milliseconds' : 'Count')
  return {
    _aws: {
      Timestamp: report.startedAt,
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[]], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: unit(Name) })) }],
    },
    ...values,
    mbPerSecond: Number(report.mbPerSecond.toFixed(2)),
  }
}
