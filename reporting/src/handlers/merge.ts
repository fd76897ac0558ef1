// Lambda handler of the reporting job's second stage, for the tumbling-window event source of the
// partials stream. Config: LAKE_BUCKET, AGGREGATES_TABLE (the results table), PARTIALS_STREAM,
// and the job settings of ../config.ts (ALLOWED_LATENESS_SECONDS sets the merge horizon).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { createReportingMergeHandler } from '../createReportingMergeHandler.js'
import { REPORTING_SETTINGS } from '../config.js'

export { createReportingMergeHandler }

const telemetry = createTelemetry({ serviceName: 'reporting' })

/** Builds the handler from the environment, with client timeouts. @throws ConfigError naming every bad variable */
export function reportingMergeHandlerFromEnv(env: Env = process.env) {
  const { bucket, resultsTable, partialsStream, ...config } = readEnv(env, {
    bucket: string('LAKE_BUCKET'),
    resultsTable: string('AGGREGATES_TABLE'),
    partialsStream: string('PARTIALS_STREAM'),
    ...REPORTING_SETTINGS,
  })
  const requestHandler = new NodeHttpHandler(CLIENT_TIMEOUTS)
  return createReportingMergeHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler }),
    dynamodb: new DynamoDBClient({ requestHandler }),
    kinesis: new KinesisClient({ requestHandler }),
    bucket,
    resultsTable,
    partialsStream,
    config,
    telemetry,
  })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => reportingMergeHandlerFromEnv(), telemetry.logger)
