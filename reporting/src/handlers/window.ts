// Lambda handler of the reporting job for the Kinesis tumbling-window event source.
// Config: LAKE_BUCKET, STREAM_NAME, PARTIALS_STREAM, GLUE_DATABASE, the three RAW_*_DELIVERY_STREAM
// names of the JSON copies, and the job settings of ../config.ts.
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { GlueClient } from '@aws-sdk/client-glue'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, FirehoseJsonSink, GluePartitionRegistrar, requiredEnv, type Env } from '@sdp/stream-runtime'
import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createReportingWindowHandler } from '../createReportingWindowHandler.js'
import { reportingConfigFromEnv } from '../config.js'

/** Builds the handler from the environment and the SDK's default client configuration. */
export function handlerFromEnv(env: Env = process.env) {
  return createReportingWindowHandler({
    s3: new S3Client({ forcePathStyle: true, requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    kinesis: new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
    bucket: requiredEnv(env, 'LAKE_BUCKET'),
    streamName: requiredEnv(env, 'STREAM_NAME'),
    partialsStream: requiredEnv(env, 'PARTIALS_STREAM'),
    config: reportingConfigFromEnv(env),
    lakeJson: new FirehoseJsonSink({
      firehose: new FirehoseClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }),
      deliveryStreams: {
        raw_impressions: requiredEnv(env, 'RAW_IMPRESSIONS_DELIVERY_STREAM'),
        raw_clicks: requiredEnv(env, 'RAW_CLICKS_DELIVERY_STREAM'),
        raw_aggregates: requiredEnv(env, 'RAW_AGGREGATES_DELIVERY_STREAM'),
      },
    }),
    lakePartitions: new GluePartitionRegistrar(new GlueClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) }), requiredEnv(env, 'GLUE_DATABASE'), requiredEnv(env, 'LAKE_BUCKET')),
  })
}

let configured: ReturnType<typeof handlerFromEnv> | undefined

/** The Lambda entry point. */
export async function handler(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
  configured ??= handlerFromEnv()
  return configured(event)
}
