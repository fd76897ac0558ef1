import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import type { DefinedWindowJob, KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { createJobMergeHandler } from '@sdp/stream-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { JOB_ENV, jobLayout } from '../constants.js'
import { checkJobName } from './checkJobName.js'

/** The AWS clients stage 2 uses. */
export interface JobMergeClients {
  readonly s3: S3Client
  readonly dynamodb: DynamoDBClient
  readonly kinesis: KinesisClient
}

/** Clients of the function's region and role, with the platform's timeouts. */
function awsClients(): JobMergeClients {
  const requestHandler = new NodeHttpHandler(CLIENT_TIMEOUTS)
  return { s3: new S3Client({ requestHandler }), dynamodb: new DynamoDBClient({ requestHandler }), kinesis: new KinesisClient({ requestHandler }) }
}

/**
 * Builds stage 2 of a job from the environment the `StreamAggregation` construct sets
 * (`JOB_NAME`, `LAKE_BUCKET`, `PARTIALS_STREAM`, `JOB_RESULTS_TABLE`): stream-runtime's job merge
 * handler, which merges each stage-1 contribution once and writes final values to the results
 * table and rows to `parquet/job_<name>/`; state under `state/jobs/<name>-merge/`, dead letters
 * under `errors/job-<name>-merge/`.
 *
 * @param clients @default clients of the function's region and role
 * @throws ConfigError naming every missing variable, or a `JOB_NAME` that is not the job's name
 */
export function jobMergeHandlerFromEnv(job: DefinedWindowJob<unknown, unknown>, env: Env = process.env, clients: JobMergeClients = awsClients()) {
  const settings = readEnv(env, {
    jobName: string(JOB_ENV.jobName),
    bucket: string(JOB_ENV.bucket),
    partialsStream: string(JOB_ENV.partialsStream),
    resultsTable: string(JOB_ENV.resultsTable),
  })
  checkJobName(settings.jobName, job.name)
  return createJobMergeHandler({
    job,
    ...clients,
    bucket: settings.bucket,
    resultsTable: settings.resultsTable,
    partialsStream: settings.partialsStream,
    telemetry: createTelemetry({ serviceName: jobLayout(job.name).mergeServiceName }),
  })
}

/**
 * Stage 2's Lambda entry point: what a job's bundle exports as `mergeHandler`. Settings are read on
 * the first invocation, so a bad one fails invocations with its ConfigError.
 *
 * @example
 * import job from './q7.js'
 * export const mergeHandler = jobMergeHandler(job)
 */
export function jobMergeHandler(job: DefinedWindowJob<unknown, unknown>): (event: KinesisWindowEvent) => Promise<KinesisWindowResponse> {
  const telemetry = createTelemetry({ serviceName: jobLayout(job.name).mergeServiceName })
  return lazyHandler(() => jobMergeHandlerFromEnv(job), telemetry.logger)
}
