import { secondsEnv, type Env } from '@sdp/stream-runtime'

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
}

/** The job's settings from environment variables, validated once at module load. */
export function reportingConfigFromEnv(env: Env = process.env): ReportingConfig {
  return {
    periodMs: secondsEnv(env, 'AGGREGATION_PERIOD_SECONDS', 60),
    bidTimeoutMs: secondsEnv(env, 'BID_SESSION_TIMEOUT_SECONDS', 300),
    clickTimeoutMs: secondsEnv(env, 'CLICK_SESSION_TIMEOUT_SECONDS', 300),
    watermarkBoundMs: secondsEnv(env, 'WATERMARK_BOUND_SECONDS', 5),
    allowedLatenessMs: secondsEnv(env, 'ALLOWED_LATENESS_SECONDS', 86_400),
  }
}

/** Defaults of {@link ReportingConfig}. */
export const DEFAULT_REPORTING_CONFIG: ReportingConfig = reportingConfigFromEnv({})
