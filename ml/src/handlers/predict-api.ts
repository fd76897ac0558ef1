// Lambda handler of the predictions API (API Gateway REST proxy, POST /predictions).
// Config: LAKE_BUCKET, PREDICTION_THRESHOLD (default 0.5), MODEL_REFRESH_SECONDS (default 5).
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS, requiredEnv, type Env } from '@sdp/stream-runtime'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { predictionConfigFromEnv } from '../config.js'
import { createPredictHandler } from '../predict/createPredictHandler.js'

/** Builds the handler from the environment and the SDK's default client configuration. */
export function predictHandlerFromEnv(env: Env = process.env) {
  const { threshold, refreshMs } = predictionConfigFromEnv(env)
  return createPredictHandler({ s3: new S3Client({ forcePathStyle: true, requestHandler: CLIENT_TIMEOUTS }), bucket: requiredEnv(env, 'LAKE_BUCKET'), threshold, refreshMs })
}

let configured: ReturnType<typeof predictHandlerFromEnv> | undefined

/** The Lambda entry point; reads its settings on first use so a missing one answers with a clear error. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  configured ??= predictHandlerFromEnv()
  return configured(event)
}
