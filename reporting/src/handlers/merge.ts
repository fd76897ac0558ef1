// Lambda handler of the reporting job's second stage, for the tumbling-window event source of the
// partials stream. Config: LAKE_BUCKET, AGGREGATES_TABLE (the results table), PARTIALS_STREAM,
// and ALLOWED_LATENESS_SECONDS of ../config.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, requiredEnv, type Env } from '@sdp/stream-runtime'
import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createReportingMergeHandler } from '../createReportingMergeHandler.js'
import { reportingConfigFromEnv } from '../config.js'

/** Builds the handler from the environment, with client timeouts. */
export function mergeHandlerFromEnv(env: Env = process.env) {
  const requestHandler = new NodeHttpHandler(CLIENT_TIMEOUTS)
  return createReportingMergeHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler }),
    dynamodb: new DynamoDBClient({ requestHandler }),
    kinesis: new KinesisClient({ requestHandler }),
    bucket: requiredEnv(env, 'LAKE_BUCKET'),
    resultsTable: requiredEnv(env, 'AGGREGATES_TABLE'),
    partialsStream: requiredEnv(env, 'PARTIALS_STREAM'),
    config: reportingConfigFromEnv(env),
  })
}

let configured: ReturnType<typeof mergeHandlerFromEnv> | undefined

/** The Lambda entry point. */
export async function handler(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
  configured ??= mergeHandlerFromEnv()
  return configured(event)
}
