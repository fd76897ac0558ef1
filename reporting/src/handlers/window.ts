// Lambda handler of the reporting job for the Kinesis tumbling-window event source.
// Config: LAKE_BUCKET, STREAM_NAME, PARTIALS_STREAM, GLUE_DATABASE, WALKIN_STREAM (optional: walk-ins), the three RAW_*_DELIVERY_STREAM
// names of the JSON copies, and the job settings of ../config.ts.
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { GlueClient } from '@aws-sdk/client-glue'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, optional, readEnv, string, type Env } from '@sdp/service-kit'
import { FirehoseJsonSink, GluePartitionRegistrar } from '@sdp/stream-runtime'
import { createReportingWindowHandler } from '../createReportingWindowHandler.js'
import { REPORTING_SETTINGS } from '../config.js'

export { createReportingWindowHandler }

const telemetry = createTelemetry({ serviceName: 'reporting' })

/** Builds the handler from the environment and the SDK's default client configuration. @throws ConfigError naming every bad variable */
export function reportingWindowHandlerFromEnv(env: Env = process.env) {
  const { bucket, streamName, partialsStream, walkInStream, glueDatabase, rawImpressions, rawClicks, rawAggregates, ...config } = readEnv(env, {
    bucket: string('LAKE_BUCKET'),
    streamName: string('STREAM_NAME'),
    partialsStream: string('PARTIALS_STREAM'),
    walkInStream: optional(string('WALKIN_STREAM')),
    glueDatabase: string('GLUE_DATABASE'),
    rawImpressions: string('RAW_IMPRESSIONS_DELIVERY_STREAM'),
    rawClicks: string('RAW_CLICKS_DELIVERY_STREAM'),
    rawAggregates: string('RAW_AGGREGATES_DELIVERY_STREAM'),
    ...REPORTING_SETTINGS,
  })
  return createReportingWindowHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    kinesis: new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    bucket,
    streamName,
    partialsStream,
    ...(walkInStream ? { walkInStream } : {}),
    config,
    lakeJson: new FirehoseJsonSink({
      firehose: new FirehoseClient({ requestHandler: CLIENT_TIMEOUTS }),
      deliveryStreams: { raw_impressions: rawImpressions, raw_clicks: rawClicks, raw_aggregates: rawAggregates },
    }),
    lakePartitions: new GluePartitionRegistrar(new GlueClient({ requestHandler: CLIENT_TIMEOUTS }), glueDatabase, bucket),
    telemetry,
  })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler = lazyHandler(() => reportingWindowHandlerFromEnv(), telemetry.logger)
