import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import type { DefinedWindowJob, KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { CLIENT_TIMEOUTS, ConfigError, createTelemetry, int, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { DEFAULT_STATE_RETENTION_SECONDS, JOB_ENV, jobLayout } from '../constants.js'
import { createJobWindowHandler } from './createJobWindowHandler.js'

/**
 * Builds a job's handler from the environment the `StreamAggregation` construct sets
 * (`JOB_NAME`, `LAKE_BUCKET`, `STREAM_NAME`, `JOB_RESULTS_TABLE`, `STATE_RETENTION_SECONDS`).
 *
 * @throws ConfigError naming every missing variable, or a `JOB_NAME` that is not the job's name
 * (the construct derives the state prefix, the grants and the dead-letter alarm from it)
 */
export function jobWindowHandlerFromEnv(job: DefinedWindowJob<unknown, unknown>, env: Env = process.env) {
  const { jobName, bucket, streamName, resultsTable, stateRetentionSeconds } = readEnv(env, {
    jobName: string(JOB_ENV.jobName),
    bucket: string(JOB_ENV.bucket),
    streamName: string(JOB_ENV.streamName),
    resultsTable: string(JOB_ENV.resultsTable),
    stateRetentionSeconds: int(JOB_ENV.stateRetentionSeconds, { default: DEFAULT_STATE_RETENTION_SECONDS }),
  })
  if (jobName !== job.name) {
    throw new ConfigError([
      { variable: JOB_ENV.jobName, problem: `is '${jobName}', but the bundled job is named '${job.name}': deploy it with name '${job.name}'` },
    ])
  }
  const requestHandler = new NodeHttpHandler(CLIENT_TIMEOUTS)
  return createJobWindowHandler(job, {
    s3: new S3Client({ requestHandler }),
    dynamodb: new DynamoDBClient({ requestHandler }),
    kinesis: new KinesisClient({ requestHandler }),
    bucket,
    streamName,
    resultsTable,
    stateRetentionMs: stateRetentionSeconds * 1000,
  })
}

/**
 * The Lambda entry point of a job: what the bundle of a `StreamAggregation` exports as `handler`.
 * Settings are read on the first invocation, so a bad one fails invocations with its ConfigError.
 *
 * @example
 * import job from './q7.js'
 * export const handler = jobWindowHandler(job)
 */
export function jobWindowHandler(job: DefinedWindowJob<unknown, unknown>): (event: KinesisWindowEvent) => Promise<KinesisWindowResponse> {
  const telemetry = createTelemetry({ serviceName: jobLayout(job.name).serviceName })
  return lazyHandler(() => jobWindowHandlerFromEnv(job), telemetry.logger)
}
