import type { Node } from 'constructs'
import { ML_DEFAULTS } from '@sdp/ml'
import { SettingsError } from './errors.js'

/** How a Kinesis stream is billed and scaled. */
export type StreamMode = 'on-demand' | 'provisioned'

/**
 * The deploy-time settings of the stack. Each is read from CDK context (`-c name=value` or
 * `cdk.json`), so it lands in the template as a literal value (never a `{"Ref": ...}` parameter).
 */
export interface StackSettings {
  /** API Gateway stage name. @default 'prod' */
  readonly stageName: string
  /** Kinesis capacity mode. @default 'on-demand' */
  readonly streamMode: StreamMode
  /** Shard count; only with `streamMode: 'provisioned'`. @default 1 */
  readonly shardCount: number
  /** Hours the stream keeps records (so also how long a failing batch is retried). @default 24 */
  readonly streamRetentionHours: number
  /**
   * Capacity mode of the partials stream, which carries stage 1's packed partial aggregates to
   * stage 2. @default 'provisioned'
   */
  readonly partialsStreamMode: StreamMode
  /** Shard count of the partials stream; only with `partialsStreamMode: 'provisioned'`. @default 1 */
  readonly partialsShardCount: number
  /**
   * Lambda tumbling window, seconds (1–900), of the consumers of the event stream: reporting
   * stage 1 and training. Stage 2 has its own, {@link StackSettings.mergeWindowSeconds}. Stage 1
   * flushes once per window, so reports trail events by about this much. @default 600
   */
  readonly windowSeconds: number
  /**
   * Records per invocation (1–10000) of reporting stage 1 and training; stage 2 has
   * {@link StackSettings.mergeBatchSize}. @default 10000
   */
  readonly batchSize: number
  /**
   * Seconds the event source gathers records before invoking (0–300), for reporting stage 1 and
   * training; stage 2 has {@link StackSettings.mergeMaxBatchingWindowSeconds}. @default 10
   */
  readonly maxBatchingWindowSeconds: number
  /** Lambda tumbling window of reporting stage 2, seconds (1–900): only its checkpoint cadence, as it writes at every invocation. @default 900 */
  readonly mergeWindowSeconds: number
  /** Records (packed partials) per stage-2 invocation (1–10000). @default 10000 */
  readonly mergeBatchSize: number
  /** Seconds stage 2's event source gathers records before invoking (0–300). @default 1 */
  readonly mergeMaxBatchingWindowSeconds: number
  /** Event-time period of the aggregates, seconds. @default 60 */
  readonly aggregationPeriodSeconds: number
  /** An impression joins its bid within this many seconds. @default 300 */
  readonly bidSessionTimeoutSeconds: number
  /** A click joins its impression within this many seconds. @default 300 */
  readonly clickSessionTimeoutSeconds: number
  /** Bounded out-of-orderness of the watermark, seconds. @default 5 */
  readonly watermarkBoundSeconds: number
  /** Allowed lateness of events, seconds. @default 86400 */
  readonly allowedLatenessSeconds: number
  /** Size compaction aims for per output file, MiB. @default 128 */
  readonly compactionTargetMb: number
  /** Minutes between two compaction runs. @default 15 */
  readonly compactionScheduleMinutes: number
  /** Score at or above which a prediction's label is 1 (strictly between 0 and 1). @default 0.5 */
  readonly predictionThreshold: number
  /** Feature-hashing space of the bid-win model, in bits (1–30). @default 18 */
  readonly featureHashBits: number
  /** FTRL-Proximal learning-rate alpha (> 0). @default 0.3 */
  readonly ftrlAlpha: number
  /** FTRL-Proximal beta (>= 0). @default 1 */
  readonly ftrlBeta: number
  /** FTRL-Proximal L1 regularization (>= 0). @default 1 */
  readonly ftrlL1: number
  /** FTRL-Proximal L2 regularization (>= 0). @default 1 */
  readonly ftrlL2: number
  /** Steady-state requests per second the API stage accepts. @default 1000 */
  readonly apiRateLimit: number
  /** Burst of requests the API stage accepts. @default 2000 */
  readonly apiBurstLimit: number
  /** Days raw NDJSON copies are kept. @default 365 */
  readonly rawRetentionDays: number
  /** Days dead letters are kept. @default 30 */
  readonly errorRetentionDays: number
}

/** The settings used when the context says nothing. */
export const DEFAULT_SETTINGS: StackSettings = {
  stageName: 'prod',
  streamMode: 'on-demand',
  shardCount: 1,
  streamRetentionHours: 24,
  partialsStreamMode: 'provisioned',
  partialsShardCount: 1,
  // The batching of both reporting stages is the cost model's choice (benchmarks/RESULTS.md,
  // cost-model): the freshest setting that keeps every row under its target against Managed
  // Flink — reports about ten minutes behind. Its table shows what fresher settings cost.
  windowSeconds: 600,
  batchSize: 10_000,
  maxBatchingWindowSeconds: 10,
  mergeWindowSeconds: 900,
  mergeBatchSize: 10_000,
  mergeMaxBatchingWindowSeconds: 1,
  aggregationPeriodSeconds: 60,
  bidSessionTimeoutSeconds: 300,
  clickSessionTimeoutSeconds: 300,
  watermarkBoundSeconds: 5,
  allowedLatenessSeconds: 86_400,
  compactionTargetMb: 128,
  compactionScheduleMinutes: 15,
  predictionThreshold: 0.5,
  // The model's defaults are ml's own, so that a deployment trains as the tuned model does.
  featureHashBits: ML_DEFAULTS.hashBits,
  ftrlAlpha: ML_DEFAULTS.alpha,
  ftrlBeta: ML_DEFAULTS.beta,
  ftrlL1: ML_DEFAULTS.l1,
  ftrlL2: ML_DEFAULTS.l2,
  apiRateLimit: 1000,
  apiBurstLimit: 2000,
  rawRetentionDays: 365,
  errorRetentionDays: 30,
}

/** The whole-number settings and their inclusive ranges. */
const INTEGER_RANGES = {
  shardCount: [1, 10_000],
  streamRetentionHours: [24, 8760],
  partialsShardCount: [1, 10_000],
  windowSeconds: [1, 900],
  batchSize: [1, 10_000],
  maxBatchingWindowSeconds: [0, 300],
  mergeWindowSeconds: [1, 900],
  mergeBatchSize: [1, 10_000],
  mergeMaxBatchingWindowSeconds: [0, 300],
  aggregationPeriodSeconds: [1, 86_400],
  bidSessionTimeoutSeconds: [1, 86_400],
  clickSessionTimeoutSeconds: [1, 86_400],
  watermarkBoundSeconds: [1, 3_600],
  allowedLatenessSeconds: [1, 31 * 86_400],
  compactionTargetMb: [1, 1_024],
  compactionScheduleMinutes: [1, 1_440],
  featureHashBits: [1, 30],
  apiRateLimit: [1, 10_000],
  apiBurstLimit: [1, 5_000],
  rawRetentionDays: [1, 3_650],
  errorRetentionDays: [1, 3_650],
} as const satisfies Partial<Record<keyof StackSettings, readonly [number, number]>>

/** Every context key the stack reads (the keys of {@link StackSettings}). */
export const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as (keyof StackSettings)[]

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/

/**
 * Reads and validates the settings from CDK context. Numbers may be given as numbers (`cdk.json`)
 * or numeric strings (`-c windowSeconds=120`).
 *
 * @throws SettingsError naming the setting, its rule and the value given
 * @example
 * const settings = readSettings(app.node) // app = new App({ context: { windowSeconds: 120 } })
 */
export function readSettings(node: Node): StackSettings {
  const get = (name: keyof StackSettings): unknown => node.tryGetContext(name)

  const stageName = get('stageName') ?? DEFAULT_SETTINGS.stageName
  if (typeof stageName !== 'string' || !STAGE_NAME.test(stageName)) {
    throw new SettingsError(`context stageName must be 1-128 letters, digits, hyphens or underscores, got ${show(stageName)}`)
  }
  const streamMode = streamModeSetting('streamMode', 'shardCount', get)
  const partialsStreamMode = streamModeSetting('partialsStreamMode', 'partialsShardCount', get)

  const integers = {} as Record<keyof typeof INTEGER_RANGES, number>
  for (const [name, [min, max]] of Object.entries(INTEGER_RANGES) as [keyof typeof INTEGER_RANGES, readonly [number, number]][]) {
    integers[name] = integerSetting(name, get(name), DEFAULT_SETTINGS[name], min, max)
  }
  const predictionThreshold = numberSetting('predictionThreshold', get('predictionThreshold'), DEFAULT_SETTINGS.predictionThreshold)
  if (!(predictionThreshold > 0 && predictionThreshold < 1)) {
    throw new SettingsError(`context predictionThreshold must be strictly between 0 and 1, got ${show(get('predictionThreshold'))}`)
  }
  const nonNegative = (name: 'ftrlAlpha' | 'ftrlBeta' | 'ftrlL1' | 'ftrlL2', positive = false): number => {
    const value = numberSetting(name, get(name), DEFAULT_SETTINGS[name])
    if (positive ? value <= 0 : value < 0) {
      throw new SettingsError(`context ${name} must be a number ${positive ? '> 0' : '>= 0'}, got ${show(get(name))}`)
    }
    return value
  }
  return {
    stageName,
    streamMode,
    partialsStreamMode,
    predictionThreshold,
    ftrlAlpha: nonNegative('ftrlAlpha', true),
    ftrlBeta: nonNegative('ftrlBeta'),
    ftrlL1: nonNegative('ftrlL1'),
    ftrlL2: nonNegative('ftrlL2'),
    ...integers,
  }
}

/** A capacity-mode setting, and the rule that its shard-count setting goes only with `provisioned`. */
function streamModeSetting(
  name: 'streamMode' | 'partialsStreamMode',
  shardCountName: 'shardCount' | 'partialsShardCount',
  get: (name: keyof StackSettings) => unknown,
): StreamMode {
  const mode = get(name) ?? DEFAULT_SETTINGS[name]
  if (mode !== 'on-demand' && mode !== 'provisioned') {
    throw new SettingsError(`context ${name} must be "on-demand" or "provisioned", got ${show(mode)}`)
  }
  if (mode === 'on-demand' && get(shardCountName) !== undefined) {
    throw new SettingsError(`context ${shardCountName} applies only with ${name} "provisioned" (on-demand streams scale by themselves)`)
  }
  return mode
}

function integerSetting(name: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new SettingsError(`context ${name} must be a whole number from ${min} to ${max}, got ${show(raw)}`)
  }
  return value
}

function numberSetting(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SettingsError(`context ${name} must be a number, got ${show(raw)}`)
  }
  return value
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value)
}
