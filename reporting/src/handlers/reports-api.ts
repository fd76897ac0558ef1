// Lambda handler for the reports API (API Gateway REST proxy). Config: AGGREGATES_TABLE.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoPartialStore, requiredEnv } from '@sdp/stream-runtime'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { ReportService } from '../reports/ReportService.js'
import { createReportsApi } from '../reports/reportsApi.js'

/** Builds the handler from its clients and settings; the local platform and tests call this. */
export function createReportsHandler(dynamodb: DynamoDBClient, tableName: string) {
  return createReportsApi(new ReportService(new DynamoPartialStore({ dynamodb, tableName })))
}

let configured: ReturnType<typeof createReportsHandler> | undefined

/** The Lambda entry point; reads its settings on first use so a missing one answers with a clear error. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  configured ??= createReportsHandler(new DynamoDBClient({}), requiredEnv(process.env, 'AGGREGATES_TABLE'))
  return configured(event)
}
