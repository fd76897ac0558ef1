// Lambda handler of the bid-win training consumer (Kinesis tumbling-window event source).
// Config: LAKE_BUCKET, STREAM_NAME, and the training settings of ../config.ts (README, "Configuration").
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { CLIENT_TIMEOUTS, requiredEnv, type Env } from '@sdp/stream-runtime'
import { trainingConfigFromEnv } from '../config.js'
import { createTrainingWindowHandler } from '../training/createTrainingWindowHandler.js'

/** Builds the handler from the environment and the SDK's default client configuration. */
export function trainHandlerFromEnv(env: Env = process.env) {
  return createTrainingWindowHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    kinesis: new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    bucket: requiredEnv(env, 'LAKE_BUCKET'),
    streamName: requiredEnv(env, 'STREAM_NAME'),
    config: trainingConfigFromEnv(env),
  })
}

let configured: ReturnType<typeof trainHandlerFromEnv> | undefined

/** The Lambda entry point. */
export async function handler(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
  configured ??= trainHandlerFromEnv()
  return configured(event)
}
