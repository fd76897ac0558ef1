// Lambda handler of the walk-in join, for the tumbling-window event source of the stream keyed by
// app_uid. Config: LAKE_BUCKET, WALKIN_STREAM, PARTIALS_STREAM, GLUE_DATABASE, and the job settings of
// ../config.ts (LOCATIONS_SESSION_TIMEOUT_SECONDS sets the join's bound).
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { GlueClient } from '@aws-sdk/client-glue'
import { GluePartitionRegistrar } from '@sdp/stream-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { createWalkInWindowHandler } from '../createWalkInWindowHandler.js'
import { REPORTING_SETTINGS } from '../config.js'

export { createWalkInWindowHandler }

const telemetry = createTelemetry({ serviceName: 'walkins' })

/** Builds the handler from the environment, with client timeouts. @throws ConfigError naming every bad variable */
export function walkInWindowHandlerFromEnv(env: Env = process.env) {
  const { bucket, walkInStream, partialsStream, glueDatabase, ...config } = readEnv(env, {
    bucket: string('LAKE_BUCKET'),
    walkInStream: string('WALKIN_STREAM'),
    partialsStream: string('PARTIALS_STREAM'),
    glueDatabase: string('GLUE_DATABASE'),
    ...REPORTING_SETTINGS,
  })
  const requestHandler = new NodeHttpHandler(CLIENT_TIMEOUTS)
  return createWalkInWindowHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler }),
    kinesis: new KinesisClient({ requestHandler }),
    bucket,
    walkInStream,
    partialsStream,
    config,
    lakePartitions: new GluePartitionRegistrar(new GlueClient({ requestHandler: CLIENT_TIMEOUTS }), glueDatabase, bucket),
    telemetry,
  })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => walkInWindowHandlerFromEnv(), telemetry.logger)
