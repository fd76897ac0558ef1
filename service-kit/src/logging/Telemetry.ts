import { MetricUnit } from '@aws-lambda-powertools/metrics'
import { createLogger, type LogLevel, type LogSink, type Logger } from './createLogger.js'
import { createMetrics, type MetricSink, type Metrics } from './createMetrics.js'

/** What a handler reports through: its structured log and its metrics. */
export interface Telemetry {
  readonly logger: Logger
  readonly metrics: Metrics
}

/** Options of {@link createTelemetry}. */
export interface TelemetryOptions {
  /** The `service` key of log lines and dimension of metrics, e.g. `reporting`. */
  readonly serviceName: string
  /** Where log lines go. @default stdout */
  readonly logSink?: LogSink
  /** Where EMF blobs go. @default stdout */
  readonly metricSink?: MetricSink
  /** @default POWERTOOLS_LOG_LEVEL, else INFO */
  readonly logLevel?: LogLevel
}

/**
 * A logger and metrics for one service. Handlers default to stdout (CloudWatch on AWS); tests and
 * the local platform pass sinks to capture or format the lines.
 *
 * @example
 * const lines: LogRecord[] = []
 * const telemetry = createTelemetry({ serviceName: 'ml', logSink: (line) => lines.push(line), metricSink: () => {} })
 */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const { serviceName } = options
  return {
    logger: createLogger({ serviceName, ...(options.logSink ? { sink: options.logSink } : {}), ...(options.logLevel ? { logLevel: options.logLevel } : {}) }),
    metrics: createMetrics({ serviceName, ...(options.metricSink ? { sink: options.metricSink } : {}) }),
  }
}

/** Telemetry that drops everything (tests and benchmarks that assert on behaviour, not on logs). */
export function silentTelemetry(serviceName = 'sdp'): Telemetry {
  return createTelemetry({ serviceName, logLevel: 'SILENT', logSink: () => {}, metricSink: () => {} })
}

/**
 * Reports one unit of work: one INFO line carrying `fields` and `counts`, and each count as a
 * CloudWatch metric (unit Count) of the same name, published at once.
 *
 * @example
 * reportCounts(telemetry, 'window', { shardId }, { records: 120, deadLetters: 1 })
 */
export function reportCounts(telemetry: Telemetry, message: string, fields: Readonly<Record<string, unknown>>, counts: Readonly<Record<string, number>>): void {
  telemetry.logger.info(message, { ...fields, ...counts })
  let any = false
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isFinite(value)) continue
    telemetry.metrics.addMetric(name, MetricUnit.Count, value)
    any = true
  }
  if (any) telemetry.metrics.publishStoredMetrics()
}
