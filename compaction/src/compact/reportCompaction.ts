import { MetricUnit } from '@aws-lambda-powertools/metrics'
import type { Telemetry } from '@sdp/service-kit'
import type { CompactionRunReport } from './types.js'

/**
 * Reports a run's totals: one `compaction` log line, and the same figures as CloudWatch metrics
 * (Embedded Metric Format, namespace `sdp`, dimension `service: compaction`).
 */
export function reportCompaction(telemetry: Telemetry, report: CompactionRunReport): void {
  const t = report.totals
  const counts = {
    FilesIn: t.filesIn,
    FilesOut: t.filesOut,
    RowsIn: t.rowsIn,
    RowsOut: t.rowsOut,
    DuplicatesDropped: t.duplicatesDropped,
    PartitionsCompacted: t.compacted,
    ObjectsDeleted: t.deleted,
  }
  const { metrics } = telemetry
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value)
  metrics.addMetric('BytesIn', MetricUnit.Bytes, t.bytesIn)
  metrics.addMetric('BytesOut', MetricUnit.Bytes, t.bytesOut)
  metrics.addMetric('DurationMs', MetricUnit.Milliseconds, Math.round(report.durationMs))
  metrics.publishStoredMetrics()
  telemetry.logger.info('compaction', {
    ...counts,
    BytesIn: t.bytesIn,
    BytesOut: t.bytesOut,
    DurationMs: Math.round(report.durationMs),
    mbPerSecond: Number(report.mbPerSecond.toFixed(2)),
  })
}
