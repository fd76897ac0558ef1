import { ConfigError, positiveIntegerEnv, secondsEnv, type Env } from '@sdp/stream-runtime'
import { ML_DEFAULTS } from './constants.js'
import type { FeatureConfig } from './features/featurize.js'
import type { BidWinJobConfig } from './job/bidWinJob.js'
import type { FtrlConfig } from './model/FtrlConfig.js'

/** Settings of the training consumer (README, "Configuration"). */
export interface TrainingConfig extends BidWinJobConfig {
  readonly features: FeatureConfig
  readonly ftrl: FtrlConfig
  /** Versions kept under `models/bid-win/`. `MODEL_VERSIONS_KEPT`, default 20. */
  readonly versionsKept: number
  /** One final example in this many is held out of training and only scored (0: none). `HOLDOUT_EVERY`, default 10. */
  readonly holdoutEvery?: number
}

/** Settings of the predictions API. */
export interface PredictionConfig {
  /** `predicted_label` is 1 when `score >= threshold`. `PREDICTION_THRESHOLD`, default 0.5. */
  readonly threshold: number
  /** `latest.json` is checked at most this often. `MODEL_REFRESH_SECONDS`, default 5. */
  readonly refreshMs: number
}

/** A number from the environment within `[min, max]` (`minExclusive` excludes min), or its default. */
function numberEnv(env: Env, name: string, fallback: number, min: number, max = Infinity, minExclusive = false): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim()) || !Number.isFinite(value) || value > max || (minExclusive ? value <= min : value < min)) {
    throw new ConfigError(`${name} must be a number ${minExclusive ? '>' : '>='} ${min}${max === Infinity ? '' : ` and <= ${max}`}, got "${raw}"`)
  }
  return value
}

/** Whole seconds that may be zero, returned in milliseconds. */
function nonNegativeSecondsEnv(env: Env, name: string, fallbackMs: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallbackMs
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw) * 1000)) throw new ConfigError(`${name} must be a whole number of seconds (0 or more), got "${raw}"`)
  return Number(raw) * 1000
}

/** `HOLDOUT_EVERY`: 0 (hold nothing out) or a whole number from 2 (1 would train on nothing). */
function holdoutEveryEnv(env: Env): number {
  const raw = env.HOLDOUT_EVERY
  if (raw === undefined || raw === '') return ML_DEFAULTS.holdoutEvery
  if (!/^\d+$/.test(raw) || Number(raw) === 1 || !Number.isSafeInteger(Number(raw))) throw new ConfigError(`HOLDOUT_EVERY must be 0 (none) or a whole number >= 2, got "${raw}"`)
  return Number(raw)
}

/** The training consumer's settings from environment variables, validated once at module load. */
export function trainingConfigFromEnv(env: Env = process.env): TrainingConfig {
  const hashBits = positiveIntegerEnv(env, 'FEATURE_HASH_BITS', ML_DEFAULTS.hashBits)
  if (hashBits > 30) throw new ConfigError(`FEATURE_HASH_BITS must be at most 30, got "${env.FEATURE_HASH_BITS}"`)
  return {
    bidTimeoutMs: secondsEnv(env, 'BID_SESSION_TIMEOUT_SECONDS', ML_DEFAULTS.bidTimeoutMs / 1000),
    impressionSkewMs: nonNegativeSecondsEnv(env, 'BID_IMPRESSION_SKEW_SECONDS', ML_DEFAULTS.impressionSkewMs),
    watermarkBoundMs: nonNegativeSecondsEnv(env, 'WATERMARK_BOUND_SECONDS', ML_DEFAULTS.watermarkBoundMs),
    features: { hashBits },
    ftrl: {
      alpha: numberEnv(env, 'FTRL_ALPHA', ML_DEFAULTS.alpha, 0, Infinity, true),
      beta: numberEnv(env, 'FTRL_BETA', ML_DEFAULTS.beta, 0),
      l1: numberEnv(env, 'FTRL_L1', ML_DEFAULTS.l1, 0),
      l2: numberEnv(env, 'FTRL_L2', ML_DEFAULTS.l2, 0),
    },
    versionsKept: positiveIntegerEnv(env, 'MODEL_VERSIONS_KEPT', ML_DEFAULTS.versionsKept),
    holdoutEvery: holdoutEveryEnv(env),
  }
}

/** The predictions API's settings from environment variables. */
export function predictionConfigFromEnv(env: Env = process.env): PredictionConfig {
  return {
    threshold: numberEnv(env, 'PREDICTION_THRESHOLD', ML_DEFAULTS.predictionThreshold, 0, 1),
    refreshMs: secondsEnv(env, 'MODEL_REFRESH_SECONDS', ML_DEFAULTS.modelRefreshMs / 1000),
  }
}

/** Defaults of {@link TrainingConfig}. */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = trainingConfigFromEnv({})
