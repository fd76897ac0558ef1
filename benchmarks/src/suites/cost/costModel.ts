// The monthly cost of the aggregation tier (the reporting window Lambda, its join-index state backend
// and its DynamoDB partials) from measured per-invocation work and AWS list prices. Pure arithmetic.
import { AWS_PRICES, HOURS_PER_MONTH, flinkMinimumMonthly, type AwsPrices } from './prices.js'

/** What the traffic looks like. */
export interface Workload {
  readonly eventsPerSecond: number
  /** Mean Kinesis record size (JSON event plus partition key). */
  readonly recordBytes: number
  /** Campaigns with traffic in every Lambda window: each is one DynamoDB item per shard and period flushed. */
  readonly activeCampaigns: number
}

/** The deployed settings (the CDK stack's defaults, infra/cdk/lib/settings.ts). */
export interface Deployment {
  readonly lambdaMemoryMb: number
  /** Records per invocation at most (`batchSize`). */
  readonly batchSize: number
  /** `MaximumBatchingWindowInSeconds`. */
  readonly maxBatchingWindowSeconds: number
  /** Lambda tumbling window: one final invoke, checkpoint and partial flush per shard per window. */
  readonly windowSeconds: number
  /** Event-time period of the aggregates. */
  readonly periodSeconds: number
  /** Shards never fewer than this. */
  readonly minShards: number
}

/** What the reporting handler measured per invocation (local services, this machine). */
export interface HandlerMeasurement {
  /** Milliseconds of an invocation without records, by the fit over batch sizes. */
  readonly fixedMs: number
  readonly msPerRecord: number
  /** Extra milliseconds of a final invoke (partials to DynamoDB, the checkpoint). */
  readonly finalExtraMs: number
  /** State-backend PUTs per invocation with records (its segment). */
  readonly statePutsPerInvocation: number
  /** State-backend PUTs per window besides the segments (the checkpoint at the final invoke). */
  readonly statePutsPerWindow: number
  /**
   * State-backend LISTs and GETs per window: the first invocation of a window starts with an empty
   * Lambda `state`, so it reloads the shard's checkpoint and later segments; the checkpoint lists to prune.
   */
  readonly stateListsPerWindow: number
  readonly stateGetsPerWindow: number
  /** Lake-sink PUTs (parquet objects) per invocation with records. */
  readonly lakePutsPerInvocation: number
  /** Bytes of one partial in its DynamoDB item (attribute name and value). */
  readonly partialBytes: number
}

/** How measurements on this machine translate to Lambda. */
export interface ModelAssumptions {
  /** Local ms × this = Lambda ms: Lambda gives one full vCPU at 1,769 MB, proportionally less below. */
  readonly cpuScale: number
  /** Billed milliseconds per invocation spent waiting on S3/DynamoDB beyond what the local services took. */
  readonly extraIoMsPerInvocation: number
  /** Container cold starts per shard per day beyond the per-window reloads: each lists and reads the shard's state back. */
  readonly coldStartsPerShardPerDay: number
}

/** The stack's defaults: 1,024 MB arm64, batch 1,000, 5 s batching window, 60 s windows and periods. */
export const STACK_DEPLOYMENT: Deployment = { lambdaMemoryMb: 1024, batchSize: 1000, maxBatchingWindowSeconds: 5, windowSeconds: 60, periodSeconds: 60, minShards: 1 }

/** Conservative defaults of {@link ModelAssumptions}. */
export const DEFAULT_ASSUMPTIONS: ModelAssumptions = { cpuScale: 1769 / 1024, extraIoMsPerInvocation: 50, coldStartsPerShardPerDay: 24 }

/** Per-shard write limits of Kinesis (reference §4.3 [S17]). */
export const KINESIS_SHARD_LIMITS = { recordsPerSecond: 1000, bytesPerSecond: 1_048_576 } as const

/** One month of the aggregation tier at one rate, in USD unless named otherwise. */
export interface MonthlyCost {
  readonly eventsPerSecond: number
  readonly shards: number
  readonly invocationsPerMonth: number
  readonly recordsPerInvocation: number
  readonly billedMsPerInvocation: number
  readonly lambdaRequests: number
  readonly lambdaDuration: number
  /** Join-index state backend: segment PUTs, checkpoint PUTs, the LISTs and GETs of reloads and pruning. */
  readonly stateBackend: number
  readonly dynamoWrites: number
  /** DynamoDB write units per partial write (items grow with the partials of every shard). */
  readonly wruPerPartialWrite: number
  /** Lambda + state backend + DynamoDB: what replaces the Flink application. */
  readonly aggregationTier: number
  /** Parquet PUTs of the lake sink (a lake Flink would not write; shown apart). */
  readonly lakeSink: number
  /** The stream itself, the same under Flink (shown apart). */
  readonly kinesis: number
  readonly flinkMinimum: number
  /** aggregationTier / flinkMinimum. */
  readonly ratioToFlinkMinimum: number
  /** State backend cost per million events. */
  readonly stateBackendPerMillionEvents: number
}

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

/** Shards a provisioned stream needs for the workload's records and bytes. */
export function shardsFor(workload: Workload, deployment: Deployment = STACK_DEPLOYMENT): number {
  const byRecords = workload.eventsPerSecond / KINESIS_SHARD_LIMITS.recordsPerSecond
  const byBytes = (workload.eventsPerSecond * workload.recordBytes) / KINESIS_SHARD_LIMITS.bytesPerSecond
  return Math.max(deployment.minShards, Math.ceil(Math.max(byRecords, byBytes) - 1e-9))
}

/**
 * Invocations with records per shard per second: a full batch, or one per batching window when
 * records arrive slower than that (the event source mapping waits for the window to gather them).
 */
export function recordInvocationsPerShardSecond(recordsPerShardSecond: number, deployment: Deployment = STACK_DEPLOYMENT): number {
  if (recordsPerShardSecond <= 0) return 0
  return Math.max(recordsPerShardSecond / deployment.batchSize, 1 / deployment.maxBatchingWindowSeconds)
}

/**
 * DynamoDB write units of one partial write: an update is billed on the larger of the item before
 * and after, 1 WRU per KB. A (campaign, period) item collects one partial per shard per Lambda
 * window overlapping the period, so on average a write finds it half full.
 */
export function wruPerPartialWrite(shards: number, measured: Pick<HandlerMeasurement, 'partialBytes'>, deployment: Deployment = STACK_DEPLOYMENT): number {
  const partialsPerItem = shards * (deployment.periodSeconds / deployment.windowSeconds + 1)
  const meanItemBytes = 100 + ((partialsPerItem + 1) / 2) * measured.partialBytes
  return Math.max(1, Math.ceil(meanItemBytes / 1024))
}

/** The month of the aggregation tier at `workload.eventsPerSecond`. */
export function monthlyCost(
  workload: Workload,
  measured: HandlerMeasurement,
  deployment: Deployment = STACK_DEPLOYMENT,
  assumptions: ModelAssumptions = DEFAULT_ASSUMPTIONS,
  prices: AwsPrices = AWS_PRICES,
): MonthlyCost {
  const shards = shardsFor(workload, deployment)
  const perShard = workload.eventsPerSecond / shards
  const recordInvocations = recordInvocationsPerShardSecond(perShard, deployment) * shards * SECONDS_PER_MONTH
  const windows = (SECONDS_PER_MONTH / deployment.windowSeconds) * shards
  const invocations = recordInvocations + windows
  const recordsPerInvocation = recordInvocations > 0 ? (workload.eventsPerSecond * SECONDS_PER_MONTH) / recordInvocations : 0

  const recordMs = assumptions.cpuScale * (measured.fixedMs + measured.msPerRecord * recordsPerInvocation) + assumptions.extraIoMsPerInvocation
  const finalMs = assumptions.cpuScale * (measured.fixedMs + measured.finalExtraMs) + assumptions.extraIoMsPerInvocation
  const billedMs = recordInvocations * recordMs + windows * finalMs
  const gbSeconds = (billedMs / 1000) * (deployment.lambdaMemoryMb / 1024)
  const lambdaRequests = invocations * prices.lambdaRequest.usd
  const lambdaDuration = gbSeconds * prices.lambdaGbSecondArm64.usd

  const segmentsPerWindow = recordInvocations / windows
  const coldStarts = shards * assumptions.coldStartsPerShardPerDay * (SECONDS_PER_MONTH / 86_400)
  const statePuts = recordInvocations * measured.statePutsPerInvocation + windows * measured.statePutsPerWindow
  const stateLists = windows * measured.stateListsPerWindow + coldStarts
  const stateGets = windows * measured.stateGetsPerWindow + coldStarts * (1 + segmentsPerWindow / 2)
  const stateBackend = (statePuts + stateLists) * prices.s3PutRequest.usd + stateGets * prices.s3GetRequest.usd

  const keysPerShardWindow = Math.min(workload.activeCampaigns, perShard * deployment.windowSeconds) * (deployment.windowSeconds / deployment.periodSeconds + 1)
  const wru = wruPerPartialWrite(shards, measured, deployment)
  const dynamoWrites = windows * keysPerShardWindow * wru * prices.dynamoWriteRequestUnit.usd

  const lakeSink = recordInvocations * measured.lakePutsPerInvocation * prices.s3PutRequest.usd
  const putUnits = workload.eventsPerSecond * SECONDS_PER_MONTH * Math.max(1, Math.ceil(workload.recordBytes / 25_600))
  const kinesis = shards * HOURS_PER_MONTH * prices.kinesisShardHour.usd + putUnits * prices.kinesisPutPayloadUnit.usd

  const aggregationTier = lambdaRequests + lambdaDuration + stateBackend + dynamoWrites
  const flinkMinimum = flinkMinimumMonthly(prices)
  const millionEvents = (workload.eventsPerSecond * SECONDS_PER_MONTH) / 1e6
  return {
    eventsPerSecond: workload.eventsPerSecond,
    shards,
    invocationsPerMonth: invocations,
    recordsPerInvocation,
    billedMsPerInvocation: invocations > 0 ? billedMs / invocations : 0,
    lambdaRequests,
    lambdaDuration,
    stateBackend,
    dynamoWrites,
    wruPerPartialWrite: wru,
    aggregationTier,
    lakeSink,
    kinesis,
    flinkMinimum,
    ratioToFlinkMinimum: aggregationTier / flinkMinimum,
    stateBackendPerMillionEvents: millionEvents > 0 ? stateBackend / millionEvents : 0,
  }
}

/** Rounds every number of a cost row to cents (counts to integers) for the recorded result. */
export function roundCost(cost: MonthlyCost): MonthlyCost {
  const cents = (n: number) => Math.round(n * 100) / 100
  return {
    ...cost,
    invocationsPerMonth: Math.round(cost.invocationsPerMonth),
    recordsPerInvocation: Math.round(cost.recordsPerInvocation),
    billedMsPerInvocation: Math.round(cost.billedMsPerInvocation * 10) / 10,
    lambdaRequests: cents(cost.lambdaRequests),
    lambdaDuration: cents(cost.lambdaDuration),
    stateBackend: cents(cost.stateBackend),
    dynamoWrites: cents(cost.dynamoWrites),
    aggregationTier: cents(cost.aggregationTier),
    lakeSink: cents(cost.lakeSink),
    kinesis: cents(cost.kinesis),
    flinkMinimum: cents(cost.flinkMinimum),
    ratioToFlinkMinimum: Math.round(cost.ratioToFlinkMinimum * 1000) / 1000,
    stateBackendPerMillionEvents: Math.round(cost.stateBackendPerMillionEvents * 100_000) / 100_000,
  }
}
