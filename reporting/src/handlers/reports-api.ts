// Lambda handler for the reports API (API Gateway REST proxy): campaign totals and periods, the
// campaigns list and the platform metrics. Config: AGGREGATES_TABLE; LAKE_BUCKET (optional:
// dead letters and the model's status in /reports/metrics).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS, requiredEnv } from '@sdp/stream-runtime'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { buildReportsApi } from '../reports/buildReportsApi.js'

/** Builds the handler from its clients and settings; the local platform and tests call this. */
export function createReportsHandler(dynamodb: DynamoDBClient, tableName: string, lake?: { s3: S3Client; bucket: string }) {
  return buildReportsApi({ dynamodb, tableName, ...(lake ? { lake } : {}) })
}

let configured: ReturnType<typeof createReportsHandler> | undefined

/** The Lambda entry point; reads its settings on first use so a missing one answers with a clear error. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const bucket = process.env.LAKE_BUCKET
  configured ??= createReportsHandler(
    new DynamoDBClient({ requestHandler: CLIENT_TIMEOUTS }),
    requiredEnv(process.env, 'AGGREGATES_TABLE'),
    bucket ? { s3: new S3Client({ requestHandler: CLIENT_TIMEOUTS }), bucket } : undefined,
  )
  return configured(event)
}
