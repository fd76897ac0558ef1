export { ConfigError, type ConfigProblem } from './errors.js'
export { readEnv, type Env, type EnvValues } from './env/readEnv.js'
export type { Setting, SettingResult, SettingValue } from './env/Setting.js'
export { duration, flag, int, list, number, oneOf, optional, positiveNumber, refine, string } from './env/settings.js'
export type { DurationOptions, RangeOptions, SettingOptions } from './env/settings.js'
export { createLogger, type Logger, type LoggerOptions, type LogLevel, type LogRecord, type LogSink } from './logging/createLogger.js'
export { createMetrics, type Metrics, type MetricSink, type MetricsOptions } from './logging/createMetrics.js'
export { createTelemetry, reportCounts, silentTelemetry, type Telemetry, type TelemetryOptions } from './logging/Telemetry.js'
export { backoffDelay, checkRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry/RetryPolicy.js'
export { Backoff, type RetryControls } from './retry/Backoff.js'
export { putUntilAccepted, retry, retryPending, type RetryOptions } from './retry/retry.js'
export { lazyHandler } from './handler/lazyHandler.js'
export {
  answeringUnavailable,
  isInfrastructureError,
  unavailable,
  DEFAULT_RETRY_AFTER_SECONDS,
  type AnsweringUnavailableOptions,
  type JsonResponse,
} from './http/unavailable.js'
export { ignoreAbort } from './retry/ignoreAbort.js'
export { CLIENT_TIMEOUTS } from './aws/clientTimeouts.js'
export { logSdkRetries, type MiddlewareClient, type RetriedCall, type RetryLogger } from './aws/logSdkRetries.js'
