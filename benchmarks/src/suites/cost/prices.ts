// AWS list prices (us-east-1) the cost model uses, each with the public page it comes from. Several
// pricing pages render their rates client-side; those figures were checked against third-party
// transcriptions of the page, which the source says.

/** One price with its unit and source; `verified: false` marks third-party transcriptions. */
export interface Price {
  readonly usd: number
  readonly unit: string
  readonly source: string
  readonly verified: boolean
}

/** Hours in the month every monthly figure uses (AWS's own examples use 730). */
export const HOURS_PER_MONTH = 730

/** The prices, us-east-1. */
export const AWS_PRICES = {
  lambdaRequest: {
    usd: 0.2 / 1_000_000,
    unit: 'per request ($0.20 per 1M)',
    source: 'https://aws.amazon.com/lambda/pricing/ (renders client-side; third-party transcriptions)',
    verified: false,
  },
  lambdaGbSecondArm64: {
    usd: 0.0000133334,
    unit: 'per GB-second, arm64',
    source: 'https://aws.amazon.com/lambda/pricing/; third-party transcriptions',
    verified: false,
  },
  kinesisShardHour: {
    usd: 0.015,
    unit: 'per provisioned shard-hour',
    source: 'https://aws.amazon.com/kinesis/data-streams/pricing/ (a third-party snippet, unverified)',
    verified: false,
  },
  kinesisPutPayloadUnit: {
    usd: 0.014 / 1_000_000,
    unit: 'per 25 KB PUT payload unit ($0.014 per 1M)',
    source: 'https://aws.amazon.com/kinesis/data-streams/pricing/ (the rate from a third-party snippet, unverified; the 25 KB unit is official)',
    verified: false,
  },
  dynamoWriteRequestUnit: {
    usd: 0.625 / 1_000_000,
    unit: 'per on-demand write request unit ($0.625 per 1M; 1 WRU per 1 KB of item written)',
    source:
      'https://aws.amazon.com/dynamodb/pricing/on-demand/ after the November 2024 on-demand price cut (AWS News Blog post updated 2025-01-31); third-party transcriptions',
    verified: false,
  },
  s3PutRequest: {
    usd: 0.005 / 1_000,
    unit: 'per PUT/COPY/POST/LIST request, S3 Standard ($0.005 per 1,000)',
    source: 'https://aws.amazon.com/s3/pricing/ (the same figure ml/README.md uses); third-party transcriptions',
    verified: false,
  },
  s3GetRequest: {
    usd: 0.0004 / 1_000,
    unit: 'per GET request, S3 Standard ($0.0004 per 1,000)',
    source: 'https://aws.amazon.com/s3/pricing/; third-party transcriptions',
    verified: false,
  },
  dynamoReadRequestUnit: {
    usd: 0.125 / 1_000_000,
    unit: 'per on-demand read request unit ($0.125 per 1M; 1 RRU per 4 KB strongly consistent, half for eventually consistent)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ after the November 2024 price cut; third-party transcriptions',
    verified: false,
  },
  kinesisOnDemandStreamHour: {
    usd: 0.04,
    unit: 'per on-demand stream-hour',
    source: 'https://aws.amazon.com/kinesis/data-streams/pricing/ (the rates render client-side; third-party transcriptions)',
    verified: false,
  },
  kinesisOnDemandGbIn: {
    usd: 0.08,
    unit: 'per GB written on demand, each record rounded up to 1 KB (the rounding is official)',
    source: 'https://aws.amazon.com/kinesis/data-streams/pricing/; third-party transcriptions',
    verified: false,
  },
  kinesisOnDemandGbOut: {
    usd: 0.04,
    unit: 'per GB read on demand (each consumer reads it again)',
    source: 'https://aws.amazon.com/kinesis/data-streams/pricing/; third-party transcriptions',
    verified: false,
  },
  lambdaGbSecondX86: {
    usd: 0.0000166667,
    unit: 'per GB-second, x86_64 (the DuckDB compaction Lambda)',
    source: 'https://aws.amazon.com/lambda/pricing/; third-party transcriptions',
    verified: false,
  },
  apiGatewayRestRequest: {
    usd: 3.5 / 1_000_000,
    unit: 'per REST API request ($3.50 per 1M, first 333M a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/; third-party transcriptions',
    verified: false,
  },
  firehoseGbIngested: {
    usd: 0.029,
    unit: 'per GB ingested, each record rounded up to 5 KB (first 500 TB a month)',
    source: 'https://aws.amazon.com/firehose/pricing/; third-party transcriptions',
    verified: false,
  },
  firehoseDynamicPartitioningGb: {
    usd: 0.02,
    unit: 'per GB processed by dynamic partitioning',
    source: 'https://aws.amazon.com/firehose/pricing/; third-party transcriptions',
    verified: false,
  },
  firehoseDynamicPartitioningObject: {
    usd: 0.005 / 1_000,
    unit: 'per S3 object delivered by dynamic partitioning ($0.005 per 1,000)',
    source: 'https://aws.amazon.com/firehose/pricing/; third-party transcriptions',
    verified: false,
  },
  s3StorageGbMonth: {
    usd: 0.023,
    unit: 'per GB-month, S3 Standard (first 50 TB)',
    source: 'https://aws.amazon.com/s3/pricing/; third-party transcriptions',
    verified: false,
  },
  flinkKpuHour: {
    usd: 0.11,
    unit: 'per KPU-hour, Managed Service for Apache Flink',
    source: 'https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html',
    verified: true,
  },
  flinkRunningStorageGbMonth: {
    usd: 0.1,
    unit: 'per GB-month of running application storage (50 GB per KPU)',
    source: 'https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html',
    verified: true,
  },
} as const satisfies Record<string, Price>

/** The prices a cost computation takes (tests pass their own). */
export type AwsPrices = { readonly [K in keyof typeof AWS_PRICES]: Pick<Price, 'usd'> }

/** Records per second one Flink 2.0 core sustains on Nexmark q7 (join + window), nexmark GUIDE_V2 results. */
export const FLINK_RECORDS_PER_KPU_SECOND = 22_900

/**
 * Managed Flink's smallest always-on application per month: 1 KPU plus the orchestration KPU for
 * 730 hours, and the 50 GB of running storage of the one KPU — $165.60 at list prices (https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html).
 */
export function flinkMinimumMonthly(prices: AwsPrices = AWS_PRICES): number {
  return 2 * HOURS_PER_MONTH * prices.flinkKpuHour.usd + 50 * prices.flinkRunningStorageGbMonth.usd
}
