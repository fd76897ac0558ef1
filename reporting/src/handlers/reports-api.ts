// Lambda handler for the reports API (API Gateway REST proxy): campaign totals and periods, the
// campaigns list and the platform metrics. Config: AGGREGATES_TABLE; LAKE_BUCKET (optional:
// dead letters and the model's status in /reports/metrics).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS, answeringUnavailable, createLogger, lazyHandler, optional, readEnv, string, type Env, type Logger } from '@sdp/service-kit'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { buildReportsApi, type ReportsApiOptions } from '../reports/buildReportsApi.js'

/** What {@link createReportsHandler} needs: the clients and settings of the API, and its logger. */
export interface ReportsHandlerDependencies extends ReportsApiOptions {
  /** Where failures answered with 503 are logged. @default JSON on stdout, service `reports-api` */
  readonly logger?: Logger
}

const logger = createLogger({ serviceName: 'reports-api' })

/**
 * Builds the handler from its clients and settings; the local platform and tests call this. A
 * DynamoDB or S3 failure is logged and answered with the platform's 503
 * (`{"error":"unavailable",...}`, `retry-after`).
 */
export function createReportsHandler(deps: ReportsHandlerDependencies): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const { logger: log = logger, ...options } = deps
  return answeringUnavailable(buildReportsApi(options), { logger: log, what: 'the reports store' })
}

/** Builds the handler from the environment. @throws ConfigError when `AGGREGATES_TABLE` is missing */
export function reportsHandlerFromEnv(env: Env = process.env) {
  const { tableName, bucket } = readEnv(env, { tableName: string('AGGREGATES_TABLE'), bucket: optional(string('LAKE_BUCKET')) })
  return createReportsHandler({
    dynamodb: new DynamoDBClient({ requestHandler: CLIENT_TIMEOUTS }),
    tableName,
    ...(bucket ? { lake: { s3: new S3Client({ requestHandler: CLIENT_TIMEOUTS }), bucket } } : {}),
    logger,
  })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => reportsHandlerFromEnv(), logger)
