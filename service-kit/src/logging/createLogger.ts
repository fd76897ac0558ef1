import { Logger, type LogItem } from '@aws-lambda-powertools/logger'
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types'

/** One structured log line as printed: `level`, `message`, `timestamp`, `service` and the fields given. */
export type LogRecord = Readonly<Record<string, unknown>>

/** Receives every log line instead of stdout: tests capture them, the local platform formats them. */
export type LogSink = (record: LogRecord) => void

/** Log levels, quietest last. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT'

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The `service` key of every line, e.g. `ingest`. @default POWERTOOLS_SERVICE_NAME */
  readonly serviceName: string
  /** Where lines go. @default stdout (stderr for warnings and errors), one JSON object a line, as on Lambda */
  readonly sink?: LogSink
  /** Lines below this level are dropped. @default POWERTOOLS_LOG_LEVEL, else INFO */
  readonly logLevel?: LogLevel
}

/** Powertools' Logger printing to a sink instead of the console. */
class SinkLogger extends Logger {
  readonly #sink: LogSink

  constructor(sink: LogSink, options: ConstructorOptions) {
    super(options)
    this.#sink = sink
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint()
    // Through JSON like the printed line, so a sink sees exactly what CloudWatch would (errors formatted, no class instances).
    this.#sink(JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())) as LogRecord)
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new SinkLogger(this.#sink, options ?? {})
  }
}

/**
 * The one logger of every service: Powertools for AWS Lambda's `Logger`, which prints one JSON
 * object per line with `level`, `message`, `timestamp`, `service` and the fields passed, and adds
 * the Lambda context when a handler appends it. `logger.info('window', { shardId })` prints
 * `{"level":"INFO","message":"window","service":"reporting",...,"shardId":"shardId-0"}`.
 *
 * @example
 * const lines: LogRecord[] = []
 * const logger = createLogger({ serviceName: 'ingest', sink: (line) => lines.push(line) })
 * logger.warn('stream throttled', { stream: 'sdp-events' })
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings: ConstructorOptions = { serviceName: options.serviceName, ...(options.logLevel ? { logLevel: options.logLevel } : {}) }
  return options.sink ? new SinkLogger(options.sink, settings) : new Logger(settings)
}

export type { Logger }
