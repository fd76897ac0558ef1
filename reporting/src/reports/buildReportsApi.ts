import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { S3Client } from '@aws-sdk/client-s3'
import { ResultsTable } from '@sdp/stream-runtime'
import { CampaignDirectory } from './CampaignDirectory.js'
import { MetricsService } from './MetricsService.js'
import type { PlatformMetricsProvider } from './PlatformMetricsProvider.js'
import { ReportService } from './ReportService.js'
import { createReportsApi } from './reportsApi.js'

/** Clients and settings of {@link buildReportsApi}. */
export interface ReportsApiOptions {
  readonly dynamodb: DynamoDBClient
  /** The results table the second stage writes. */
  readonly tableName: string
  /** The lake bucket, for the dead-letter and model figures of `/reports/metrics`. @default none (null figures) */
  readonly lake?: { readonly s3: Pick<S3Client, 'send'>; readonly bucket: string }
  /** Live figures of the running platform for `/reports/metrics`. @default none (null figures, as on AWS) */
  readonly platform?: PlatformMetricsProvider
  /** How long one read of the table (campaign list) or of the lake (metrics) serves every request. @default 2000 */
  readonly cacheMs?: number
}

/**
 * The whole reports API from its clients: per-campaign totals and periods, the paged campaign
 * list and platform metrics — one API Gateway proxy handler for all four routes.
 *
 * @example
 * const api = buildReportsApi({ dynamodb, tableName: 'sdp-aggregates', lake: { s3, bucket: 'sdp-lake' } })
 * const page = await api(getEvent('/reports/campaigns', { sort: 'clicks', limit: '20' }))
 */
export function buildReportsApi(options: ReportsApiOptions) {
  const { dynamodb, tableName, cacheMs } = options
  const cache = cacheMs === undefined ? {} : { cacheMs }
  const results = new ResultsTable({ dynamodb, tableName })
  return createReportsApi(new ReportService(results), {
    campaigns: new CampaignDirectory({ results, ...cache }),
    metrics: new MetricsService({
      ...cache,
      ...(options.lake ? { lake: options.lake } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    }),
  })
}
