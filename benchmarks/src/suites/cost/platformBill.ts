// The whole platform's month at one workload, so a user sees the full bill: ingest, the event
// stream, the aggregation tier, the lake, raw landing, compaction, training, predictions.
import type { AggregationTier } from './aggregationTier.js'
import { FIREHOSE_BILLING_STEP_BYTES, firehoseBilledBytes, onDemandBilledBytes, putPayloadUnits } from './billingUnits.js'
import { SECONDS_PER_MONTH, recordInvocationsPerShardSecond, type Deployment, type WindowMeasurement, type Workload } from './costModel.js'
import { AWS_PRICES, HOURS_PER_MONTH, type AwsPrices } from './prices.js'

/** What the rest of the platform is assumed to do (none of it is measured by this suite). */
export interface PlatformAssumptions {
  /** Events per `POST /events` request (a batching ad server; the API takes up to 500). */
  readonly eventsPerRequest: number
  /** Billed ms of the ingest Lambda (512 MB) per request. */
  readonly ingestMsPerRequest: number
  /** Consumers reading the event stream: stage 1, ML training, Firehose raw landing. */
  readonly eventStreamReaders: number
  /** Billed ms of the Firehose transformation Lambda (512 MB) per MB of events. */
  readonly transformMsPerMb: number
  /** Parquet bytes one compaction Lambda second (3,008 MB, x86) rewrites; the lake benchmark measured 1.38 MB/s locally. */
  readonly compactionBytesPerSecond: number
  /** Minutes between compaction runs (the CDK default). */
  readonly compactionScheduleMinutes: number
  /** Training Lambda (1,024 MB) billed ms per event; model.json measured ~18,700 bids/s, about half the events are bids. */
  readonly trainingMsPerEvent: number
  /** `POST /predictions` per second, and billed ms of its Lambda (512 MB) each. */
  readonly predictionsPerSecond: number
  readonly predictionMs: number
}

export const DEFAULT_PLATFORM_ASSUMPTIONS: PlatformAssumptions = {
  eventsPerRequest: 100,
  ingestMsPerRequest: 30,
  eventStreamReaders: 3,
  transformMsPerMb: 200,
  compactionBytesPerSecond: 1.38e6,
  compactionScheduleMinutes: 15,
  trainingMsPerEvent: 1000 / 18_700 / 2,
  predictionsPerSecond: 10,
  predictionMs: 20,
}

/** One month of every part of the platform, USD. */
export interface PlatformBill {
  readonly ingest: number
  readonly eventStream: number
  readonly aggregationTier: number
  readonly lake: number
  readonly rawLanding: number
  readonly compaction: number
  readonly training: number
  readonly predictions: number
  readonly total: number
}

const GB = 1024 ** 3
/** Stage 1's JSON copies (raw_impressions, raw_clicks, raw_aggregates), and the rows its sink packs into one Firehose record. */
const JSON_COPY_TABLES = 3
const JSON_COPY_ROWS_PER_RECORD = 500
const MB = 1024 ** 2

/** The platform's month around an aggregation tier already computed for the same workload. */
export function platformBill(
  workload: Workload,
  stage1: WindowMeasurement,
  tier: AggregationTier,
  deployment: Deployment,
  assumptions: PlatformAssumptions = DEFAULT_PLATFORM_ASSUMPTIONS,
  prices: AwsPrices = AWS_PRICES,
): PlatformBill {
  const events = workload.eventsPerSecond * SECONDS_PER_MONTH
  const lambda = (invocations: number, ms: number, memoryMb: number, gbSecond = prices.lambdaGbSecondArm64.usd) =>
    invocations * prices.lambdaRequest.usd + ((invocations * ms) / 1000) * (memoryMb / 1024) * gbSecond
  const requests = events / assumptions.eventsPerRequest
  const ingest = requests * prices.apiGatewayRestRequest.usd + lambda(requests, assumptions.ingestMsPerRequest, 512)

  const eventStream =
    deployment.eventStreamMode === 'on-demand'
      ? HOURS_PER_MONTH * prices.kinesisOnDemandStreamHour.usd +
        ((events * onDemandBilledBytes(workload.recordBytes)) / GB) * prices.kinesisOnDemandGbIn.usd +
        ((events * workload.recordBytes * assumptions.eventStreamReaders) / GB) * prices.kinesisOnDemandGbOut.usd
      : tier.eventShards * HOURS_PER_MONTH * prices.kinesisShardHour.usd + events * putPayloadUnits(workload.recordBytes) * prices.kinesisPutPayloadUnit.usd

  // The lake sink of stage 1: parquet objects per invocation, and the JSON copies through Firehose,
  // 500 rows to a record: billed at most 5 KB more than their bytes per record, and each
  // invocation ends at most one part-filled record per table.
  const perShard = workload.eventsPerSecond / tier.eventShards
  const recordInvocations = recordInvocationsPerShardSecond(perShard, deployment.stage1) * tier.eventShards * SECONDS_PER_MONTH
  const parquetBytes = events * stage1.lakeBytesPerEvent
  const copyRows = events * stage1.jsonCopyRowsPerEvent
  const copyBytes = copyRows * stage1.jsonCopyRowBytes
  const copyRecords = copyRows / JSON_COPY_ROWS_PER_RECORD + recordInvocations * JSON_COPY_TABLES
  const firehoseObjects = (JSON_COPY_TABLES * SECONDS_PER_MONTH) / 60
  const lake =
    recordInvocations * stage1.lakePutsPerInvocation * prices.s3PutRequest.usd +
    ((parquetBytes + copyBytes / 5) / GB) * prices.s3StorageGbMonth.usd +
    ((copyBytes + copyRecords * FIREHOSE_BILLING_STEP_BYTES) / GB) * prices.firehoseGbIngested.usd +
    (copyBytes / GB) * prices.firehoseDynamicPartitioningGb.usd +
    firehoseObjects * prices.firehoseDynamicPartitioningObject.usd

  // raw_bcns: Firehose reads the event stream (one Firehose record per event), a transformation Lambda per 1 MB buffer, gzip (~5:1) into S3.
  const eventBytes = events * workload.recordBytes
  // Firehose invokes the transformation per 1 MB buffered or per 60 s, whichever comes first.
  const transformInvocations = Math.max(SECONDS_PER_MONTH / 60, eventBytes / MB)
  const rawLanding =
    ((events * firehoseBilledBytes(workload.recordBytes)) / GB) * prices.firehoseGbIngested.usd +
    (eventBytes / GB) * prices.firehoseDynamicPartitioningGb.usd +
    Math.max(SECONDS_PER_MONTH / 60, eventBytes / (64 * MB)) * prices.firehoseDynamicPartitioningObject.usd +
    lambda(transformInvocations, 20 + ((eventBytes / MB) * assumptions.transformMsPerMb) / transformInvocations, 512) +
    (eventBytes / 5 / GB) * prices.s3StorageGbMonth.usd

  // Compaction rewrites each month's parquet once: one run per schedule, reading and writing every small object.
  const runs = SECONDS_PER_MONTH / 60 / assumptions.compactionScheduleMinutes
  const compaction =
    lambda(runs, 1000 + (parquetBytes / runs / assumptions.compactionBytesPerSecond) * 1000, 3008, prices.lambdaGbSecondX86.usd) +
    recordInvocations * stage1.lakePutsPerInvocation * prices.s3GetRequest.usd +
    runs * 10 * (prices.s3PutRequest.usd + prices.s3GetRequest.usd)

  // Training reads the same stream with the same batching as stage 1; it publishes a model per shard and window.
  const windows = (tier.eventShards * SECONDS_PER_MONTH) / deployment.stage1.windowSeconds
  const training =
    lambda(recordInvocations + windows, 0, 1024) +
    ((events * assumptions.trainingMsPerEvent) / 1000) * prices.lambdaGbSecondArm64.usd +
    windows * 2 * prices.s3PutRequest.usd

  const predictionRequests = assumptions.predictionsPerSecond * SECONDS_PER_MONTH
  const predictions = predictionRequests * prices.apiGatewayRestRequest.usd + lambda(predictionRequests, assumptions.predictionMs, 512)

  const total = ingest + eventStream + tier.total + lake + rawLanding + compaction + training + predictions
  return { ingest, eventStream, aggregationTier: tier.total, lake, rawLanding, compaction, training, predictions, total }
}
