import { duration, readEnv, type Env } from '@sdp/service-kit'

/** Settings of the ad-tech job, from the environment (README, "Configuration"). */
export interface ReportingConfig {
  /** Event-time period of the aggregates. `AGGREGATION_PERIOD_SECONDS`, default 60. */
  readonly periodMs: number
  /** An impression joins its bid within this. `BID_SESSION_TIMEOUT_SECONDS`, default 300. */
  readonly bidTimeoutMs: number
  /** A click joins its impression within this. `CLICK_SESSION_TIMEOUT_SECONDS`, default 300. */
  readonly clickTimeoutMs: number
  /** Bounded out-of-orderness of the watermark. `WATERMARK_BOUND_SECONDS`, default 5. */
  readonly watermarkBoundMs: number
  /** Allowed lateness; later events go to the late side output. `ALLOWED_LATENESS_SECONDS`, default 86400. */
  readonly allowedLatenessMs: number
  /**
   * A location ping makes an impression (click) of the same `app_uid` a walk-in when their event
   * times are at most this far apart, before or after. `LOCATIONS_SESSION_TIMEOUT_SECONDS`, default 1800.
   */
  readonly locationsTimeoutMs: number
}

/** How each {@link ReportingConfig} field is read from the environment. */
export const REPORTING_SETTINGS = {
  periodMs: duration('AGGREGATION_PERIOD_SECONDS', { unit: 'seconds', default: 60 }),
  bidTimeoutMs: duration('BID_SESSION_TIMEOUT_SECONDS', { unit: 'seconds', default: 300 }),
  clickTimeoutMs: duration('CLICK_SESSION_TIMEOUT_SECONDS', { unit: 'seconds', default: 300 }),
  watermarkBoundMs: duration('WATERMARK_BOUND_SECONDS', { unit: 'seconds', default: 5 }),
  allowedLatenessMs: duration('ALLOWED_LATENESS_SECONDS', { unit: 'seconds', default: 86_400 }),
  locationsTimeoutMs: duration('LOCATIONS_SESSION_TIMEOUT_SECONDS', { unit: 'seconds', default: 1800 }),
} as const

/** The job's settings from environment variables. @throws ConfigError naming every bad variable */
export function reportingConfigFromEnv(env: Env = process.env): ReportingConfig {
  return readEnv(env, REPORTING_SETTINGS)
}

/** Defaults of {@link ReportingConfig}. */
export const DEFAULT_REPORTING_CONFIG: ReportingConfig = reportingConfigFromEnv({})
