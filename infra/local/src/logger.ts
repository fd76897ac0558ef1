import { createTelemetry, type LogRecord, type LogSink, type MetricSink, type Telemetry } from '@sdp/service-kit'

/** Fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>

/** The small logging port the local platform writes to. */
export interface Logger {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** Writes `LEVEL message {fields}` lines to stdout (info) and stderr (warn, error). */
export const consoleLogger: Logger = {
  info: (message, fields) => console.log(format('INFO ', message, fields)),
  warn: (message, fields) => console.error(format('WARN ', message, fields)),
  error: (message, fields) => console.error(format('ERROR', message, fields)),
}

/** Discards everything (tests that assert on behaviour, not on logs). */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

function format(level: string, message: string, fields: LogFields | undefined): string {
  const time = new Date().toISOString()
  return fields === undefined || Object.keys(fields).length === 0
    ? `${time} ${level} ${message}`
    : `${time} ${level} ${message} ${JSON.stringify(fields, errorReplacer)}`
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value
}

/**
 * Forwards the handlers' Powertools log lines (`@sdp/service-kit`) to a platform logger: the same
 * lines as on Lambda, printed in the platform's format. `keep` drops lines not worth a terminal.
 */
export function forwardTo(logger: Logger, keep: (record: LogRecord) => boolean = () => true): LogSink {
  return (record) => {
    if (!keep(record)) return
    const { level, message, timestamp: _timestamp, ...fields } = record
    const method = level === 'ERROR' || level === 'CRITICAL' ? 'error' : level === 'WARN' ? 'warn' : 'info'
    logger[method](String(message), fields)
  }
}

/**
 * Telemetry of a handler run by the local platform: its lines through `logger`, its EMF metrics to
 * `metricSink` (no CloudWatch here: dropped by default).
 */
export function localTelemetry(serviceName: string, logger: Logger, keep?: (record: LogRecord) => boolean, metricSink: MetricSink = () => {}): Telemetry {
  return createTelemetry({ serviceName, logSink: forwardTo(logger, keep), metricSink })
}
