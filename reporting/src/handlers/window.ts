// Lambda handler of the reporting job for the Kinesis tumbling-window event source.
// Config: LAKE_BUCKET, AGGREGATES_TABLE, STREAM_NAME, and the job settings of ../config.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { requiredEnv, type Env } from '@sdp/stream-runtime'
import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createReportingWindowHandler } from '../createReportingWindowHandler.js'
import { reportingConfigFromEnv } from '../config.js'

/** Builds the handler from the environment and the SDK's default client configuration. */
export function handlerFromEnv(env: Env = process.env) {
  return createReportingWindowHandler({
    s3: new S3Client({ forcePathStyle: true }),
    dynamodb: new DynamoDBClient({}),
    kinesis: new KinesisClient({ requestHandler: new NodeHttpHandler() }),
    bucket: requiredEnv(env, 'LAKE_BUCKET'),
    aggregatesTable: requiredEnv(env, 'AGGREGATES_TABLE'),
    streamName: requiredEnv(env, 'STREAM_NAME'),
    config: reportingConfigFromEnv(env),
  })
}

let configured: ReturnType<typeof handlerFromEnv> | undefined

/** The Lambda entry point. */
export async function handler(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
  configured ??= handlerFromEnv()
  return configured(event)
}
