// Firehose data-transformation Lambda of the raw landing (raw_bcns).
// Config: LAKE_BUCKET (refused records with reasons go to errors/firehose-transform/).
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { createFirehoseTransformHandler } from '../firehose/createFirehoseTransformHandler.js'

export { createFirehoseTransformHandler }

const telemetry = createTelemetry({ serviceName: 'firehose-transform' })

/** Builds the function from the environment and the SDK's default client configuration. @throws ConfigError when `LAKE_BUCKET` is missing */
export function firehoseTransformHandlerFromEnv(env: Env = process.env) {
  const { bucket } = readEnv(env, { bucket: string('LAKE_BUCKET') })
  return createFirehoseTransformHandler({ s3: new S3Client({ requestHandler: CLIENT_TIMEOUTS }), bucket, telemetry })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => firehoseTransformHandlerFromEnv(), telemetry.logger)
