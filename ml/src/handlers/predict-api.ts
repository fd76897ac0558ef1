// Lambda handler of the predictions API (API Gateway REST proxy, POST /predictions).
// Config: LAKE_BUCKET, PREDICTION_THRESHOLD (default 0.5), MODEL_REFRESH_SECONDS (default 5).
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS, createLogger, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { PREDICTION_SETTINGS } from '../config.js'
import { createPredictHandler } from '../predict/createPredictHandler.js'

export { createPredictHandler }

const logger = createLogger({ serviceName: 'predictions' })

/** Builds the handler from the environment and the SDK's default client configuration. @throws ConfigError naming every bad variable */
export function predictHandlerFromEnv(env: Env = process.env) {
  const { bucket, threshold, refreshMs } = readEnv(env, { bucket: string('LAKE_BUCKET'), ...PREDICTION_SETTINGS })
  return createPredictHandler({ s3: new S3Client({ forcePathStyle: true, requestHandler: CLIENT_TIMEOUTS }), bucket, threshold, refreshMs, logger })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => predictHandlerFromEnv(), logger)
