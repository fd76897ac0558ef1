import { duration, int, number, positiveNumber, readEnv, refine, type Env, type EnvValues } from '@sdp/service-kit'
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

const D = ML_DEFAULTS

/** How each training setting is read from the environment (README, "Configuration"). */
export const TRAINING_SETTINGS = {
  bidTimeoutMs: duration('BID_SESSION_TIMEOUT_SECONDS', { unit: 'seconds', default: D.bidTimeoutMs / 1000 }),
  impressionSkewMs: duration('BID_IMPRESSION_SKEW_SECONDS', { unit: 'seconds', min: 0, default: D.impressionSkewMs / 1000 }),
  watermarkBoundMs: duration('WATERMARK_BOUND_SECONDS', { unit: 'seconds', min: 0, default: D.watermarkBoundMs / 1000 }),
  hashBits: int('FEATURE_HASH_BITS', { max: 30, default: D.hashBits }),
  alpha: positiveNumber('FTRL_ALPHA', { default: D.alpha }),
  beta: number('FTRL_BETA', { min: 0, default: D.beta }),
  l1: number('FTRL_L1', { min: 0, default: D.l1 }),
  l2: number('FTRL_L2', { min: 0, default: D.l2 }),
  versionsKept: int('MODEL_VERSIONS_KEPT', { default: D.versionsKept }),
  // 1 would train on nothing
  holdoutEvery: refine(int('HOLDOUT_EVERY', { min: 0, default: D.holdoutEvery }), (n) => n !== 1, '0 (none) or a whole number >= 2'),
} as const

/** How each prediction setting is read from the environment. */
export const PREDICTION_SETTINGS = {
  threshold: number('PREDICTION_THRESHOLD', { min: 0, max: 1, default: D.predictionThreshold }),
  refreshMs: duration('MODEL_REFRESH_SECONDS', { unit: 'seconds', default: D.modelRefreshMs / 1000 }),
} as const

/** The {@link TrainingConfig} of settings read with {@link TRAINING_SETTINGS}. */
export function toTrainingConfig(values: EnvValues<typeof TRAINING_SETTINGS>): TrainingConfig {
  const { hashBits, alpha, beta, l1, l2, bidTimeoutMs, impressionSkewMs, watermarkBoundMs, versionsKept, holdoutEvery } = values
  return { bidTimeoutMs, impressionSkewMs, watermarkBoundMs, features: { hashBits }, ftrl: { alpha, beta, l1, l2 }, versionsKept, holdoutEvery }
}

/** The training consumer's settings from environment variables. @throws ConfigError naming every bad variable */
export function trainingConfigFromEnv(env: Env = process.env): TrainingConfig {
  return toTrainingConfig(readEnv(env, TRAINING_SETTINGS))
}

/** The predictions API's settings from environment variables. @throws ConfigError naming every bad variable */
export function predictionConfigFromEnv(env: Env = process.env): PredictionConfig {
  return readEnv(env, PREDICTION_SETTINGS)
}

/** Defaults of {@link TrainingConfig}. */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = trainingConfigFromEnv({})
