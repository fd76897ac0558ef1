import t from 'tap'
import { ConfigError } from '@sdp/service-kit'
import { trainingConfigFromEnv, predictionConfigFromEnv, DEFAULT_TRAINING_CONFIG } from '../src/config.js'

t.test('defaults', async (t) => {
  t.same(DEFAULT_TRAINING_CONFIG, {
    bidTimeoutMs: 300_000,
    impressionSkewMs: 0,
    watermarkBoundMs: 5_000,
    features: { hashBits: 18 },
    ftrl: { alpha: 0.3, beta: 1, l1: 1, l2: 1 },
    versionsKept: 20,
    holdoutEvery: 10,
  })
  t.same(predictionConfigFromEnv({}), { threshold: 0.5, refreshMs: 5_000 })
})

t.test('every setting is read from its variable', async (t) => {
  const c = trainingConfigFromEnv({
    BID_SESSION_TIMEOUT_SECONDS: '60',
    BID_IMPRESSION_SKEW_SECONDS: '2',
    WATERMARK_BOUND_SECONDS: '0',
    FEATURE_HASH_BITS: '20',
    FTRL_ALPHA: '0.05',
    FTRL_BETA: '0.5',
    FTRL_L1: '0',
    FTRL_L2: '1e-3',
    MODEL_VERSIONS_KEPT: '5',
    HOLDOUT_EVERY: '0',
  })
  t.same(c, {
    bidTimeoutMs: 60_000,
    impressionSkewMs: 2_000,
    watermarkBoundMs: 0,
    features: { hashBits: 20 },
    ftrl: { alpha: 0.05, beta: 0.5, l1: 0, l2: 0.001 },
    versionsKept: 5,
    holdoutEvery: 0,
  })
  t.same(predictionConfigFromEnv({ PREDICTION_THRESHOLD: '0.7', MODEL_REFRESH_SECONDS: '1' }), { threshold: 0.7, refreshMs: 1_000 })
})

t.test('a malformed setting throws a ConfigError naming it', async (t) => {
  const bad: Array<[string, string]> = [
    ['FTRL_ALPHA', '0'],
    ['HOLDOUT_EVERY', '1'],
    ['HOLDOUT_EVERY', '2.5'],
    ['FTRL_ALPHA', 'fast'],
    ['FTRL_L1', '-1'],
    ['FEATURE_HASH_BITS', '31'],
    ['BID_IMPRESSION_SKEW_SECONDS', '-1'],
    ['BID_SESSION_TIMEOUT_SECONDS', '0'],
  ]
  for (const [name, value] of bad) {
    try {
      trainingConfigFromEnv({ [name]: value })
    } catch (error) {
      t.type(error, ConfigError)
      t.match((error as Error).message, name)
    }
  }
  t.throws(() => predictionConfigFromEnv({ PREDICTION_THRESHOLD: '1.5' }), ConfigError)
})
