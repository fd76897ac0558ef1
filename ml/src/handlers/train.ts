// Lambda handler of the bid-win training consumer (Kinesis tumbling-window event source).
// Config: LAKE_BUCKET, STREAM_NAME, and the training settings of ../config.ts (README, "Configuration").
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { TRAINING_SETTINGS, toTrainingConfig } from '../config.js'
import { createTrainingWindowHandler } from '../training/createTrainingWindowHandler.js'

export { createTrainingWindowHandler }

const telemetry = createTelemetry({ serviceName: 'ml' })

/** Builds the handler from the environment and the SDK's default client configuration. @throws ConfigError naming every bad variable */
export function trainingWindowHandlerFromEnv(env: Env = process.env) {
  const { bucket, streamName, ...training } = readEnv(env, { bucket: string('LAKE_BUCKET'), streamName: string('STREAM_NAME'), ...TRAINING_SETTINGS })
  return createTrainingWindowHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler: CLIENT_TIMEOUTS }),
    kinesis: new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    bucket,
    streamName,
    config: toTrainingConfig(training),
    telemetry,
  })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => trainingWindowHandlerFromEnv(), telemetry.logger)
