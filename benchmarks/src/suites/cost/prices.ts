// AWS list prices (us-east-1) the cost model uses, each with where it comes from. The reference notes
// are shared/reference/aws-and-flink-semantics.md §4; [S14] [S16] [S17] are its source keys.

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
    source: 'reference §4.2 [S16] (third-party transcriptions; https://aws.amazon.com/lambda/pricing/ renders client-side)',
    verified: false,
  },
  lambdaGbSecondArm64: {
    usd: 0.0000133334,
    unit: 'per GB-second, arm64',
    source: 'reference §4.2 [S16] (third-party transcriptions; https://aws.amazon.com/lambda/pricing/)',
    verified: false,
  },
  kinesisShardHour: {
    usd: 0.015,
    unit: 'per provisioned shard-hour',
    source: 'reference §4.3, marked unverified (third-party snippet; https://aws.amazon.com/kinesis/data-streams/pricing/)',
    verified: false,
  },
  kinesisPutPayloadUnit: {
    usd: 0.014 / 1_000_000,
    unit: 'per 25 KB PUT payload unit ($0.014 per 1M)',
    source: 'reference §4.3, marked unverified; the 25 KB unit itself is official',
    verified: false,
  },
  dynamoWriteRequestUnit: {
    usd: 0.625 / 1_000_000,
    unit: 'per on-demand write request unit ($0.625 per 1M; 1 WRU per 1 KB of item written)',
    source: 'not in the reference notes: https://aws.amazon.com/dynamodb/pricing/on-demand/ after the November 2024 on-demand price cut (AWS News Blog post updated 2025-01-31); third-party transcriptions',
    verified: false,
  },
  s3PutRequest: {
    usd: 0.005 / 1_000,
    unit: 'per PUT/COPY/POST/LIST request, S3 Standard ($0.005 per 1,000)',
    source: 'not in the reference notes: https://aws.amazon.com/s3/pricing/ (the same figure ml/README.md uses); third-party transcriptions',
    verified: false,
  },
  s3GetRequest: {
    usd: 0.0004 / 1_000,
    unit: 'per GET request, S3 Standard ($0.0004 per 1,000)',
    source: 'not in the reference notes: https://aws.amazon.com/s3/pricing/; third-party transcriptions',
    verified: false,
  },
  flinkKpuHour: {
    usd: 0.11,
    unit: 'per KPU-hour, Managed Service for Apache Flink',
    source: 'reference §4.1 [S14] https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html',
    verified: true,
  },
  flinkRunningStorageGbMonth: {
    usd: 0.1,
    unit: 'per GB-month of running application storage (50 GB per KPU)',
    source: 'reference §4.1 [S14]',
    verified: true,
  },
} as const satisfies Record<string, Price>

/** The prices a cost computation takes (tests pass their own). */
export type AwsPrices = { readonly [K in keyof typeof AWS_PRICES]: Pick<Price, 'usd'> }

/**
 * Managed Flink's smallest always-on application per month: 1 KPU plus the orchestration KPU for
 * 730 hours, and the 50 GB of running storage of the one KPU — $165.60 at list prices (reference §4.1).
 */
export function flinkMinimumMonthly(prices: AwsPrices = AWS_PRICES): number {
  return 2 * HOURS_PER_MONTH * prices.flinkKpuHour.usd + 50 * prices.flinkRunningStorageGbMonth.usd
}
