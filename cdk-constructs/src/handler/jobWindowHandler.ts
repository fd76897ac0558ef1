import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import type { DefinedWindowJob, KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { createJobWindowHandler } from '@sdp/stream-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { JOB_ENV, jobLayout } from '../constants.js'
import { checkJobName } from './checkJobName.js'

/** The AWS clients stage 1 uses. */
export interface JobWindowClients {
  readonly s3: S3Client
  readonly kinesis: KinesisClient
}

/** Clients of the function's region and role, with the platform's timeouts. */
function awsClients(): JobWindowClients {
  const requestHandler = new NodeHttpHandler(CLIENT_TIMEOUTS)
  return { s3: new S3Client({ requestHandler }), kinesis: new KinesisClient({ requestHandler }) }
}

/**
 * Builds stage 1 of a job from the environment the `StreamAggregation` construct sets
 * (`JOB_NAME`, `LAKE_BUCKET`, `STREAM_NAME`, `PARTIALS_STREAM`): stream-runtime's job window
 * handler, state under `state/jobs/<name>/`, dead letters under `errors/job-<name>/`, partials onto
 * the job's partials stream.
 *
 * @throws ConfigError naming every missing variable, or a `JOB_NAME` that is not the job's name
 * (the construct derives the prefixes, the grants and the dead-letter alarm from it)
 * @param clients @default clients of the function's region and role
 */
export function jobWindowHandlerFromEnv(job: DefinedWindowJob<unknown, unknown>, env: Env = process.env, clients: JobWindowClients = awsClients()) {
  const settings = readEnv(env, {
    jobName: string(JOB_ENV.jobName),
    bucket: string(JOB_ENV.bucket),
    streamName: string(JOB_ENV.streamName),
    partialsStream: string(JOB_ENV.partialsStream),
  })
  checkJobName(settings.jobName, job.name)
  return createJobWindowHandler({
    job,
    ...clients,
    bucket: settings.bucket,
    streamName: settings.streamName,
    partialsStream: settings.partialsStream,
    telemetry: createTelemetry({ serviceName: jobLayout(job.name).serviceName }),
  })
}

/**
 * Stage 1's Lambda entry point: what a job's bundle exports as `handler`. Settings are read on the
 * first invocation, so a bad one fails invocations with its ConfigError.
 *
 * @example
 * import job from './q7.js'
 * export const handler = jobWindowHandler(job)
 */
export function jobWindowHandler(job: DefinedWindowJob<unknown, unknown>): (event: KinesisWindowEvent) => Promise<KinesisWindowResponse> {
  const telemetry = createTelemetry({ serviceName: jobLayout(job.name).serviceName })
  return lazyHandler(() => jobWindowHandlerFromEnv(job), telemetry.logger)
}
