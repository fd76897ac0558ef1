import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import type { DefinedWindowJob, KinesisWindowEvent, KinesisWindowResponse, WindowResult } from '@sdp/aggregation-engine'
import { createTelemetry, type Telemetry } from '@sdp/service-kit'
import { DeadLetterSink, JobResultsStore, S3ObjectStore, SegmentStateBackend, createWindowHandler, shardAncestry } from '@sdp/stream-runtime'
import { jobLayout } from '../constants.js'

/** Clients and names a deployed job writes to. */
export interface JobWindowHandlerDependencies {
  readonly s3: S3Client
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  readonly kinesis: KinesisClient
  /** State under `state/jobs/<name>/`, dead letters under `errors/job-<name>/`. */
  readonly bucket: string
  /** The stream the job consumes (read for shard lineage after a reshard). */
  readonly streamName: string
  /** The job results table (`pk`/`sk` strings): partials merged once per (key, window), session results put. */
  readonly resultsTable: string
  /** Milliseconds a keyed state entry (a join index) lives without being written. */
  readonly stateRetentionMs: number
  /** @default JSON on stdout, service `job-<name>` */
  readonly telemetry?: Telemetry
}

/**
 * A user job as a Kinesis tumbling-window handler, wired as the local platform wires it: the
 * stream-runtime window handler with the job's state in the bucket, its dead letters beside it,
 * fixed windows' partials merged into the results table and session results put there as emitted.
 */
export function createJobWindowHandler(
  job: DefinedWindowJob<unknown, unknown>,
  deps: JobWindowHandlerDependencies,
): (event: KinesisWindowEvent) => Promise<KinesisWindowResponse> {
  const layout = jobLayout(job.name)
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const results = new JobResultsStore({ dynamodb: deps.dynamodb, tableName: deps.resultsTable })
  return createWindowHandler({
    job,
    state: new SegmentStateBackend({
      store,
      prefix: layout.statePrefix.replace(/\/$/, ''),
      ancestors: shardAncestry(deps.kinesis, deps.streamName),
      retentionMs: deps.stateRetentionMs,
    }),
    partials: { write: (partials) => results.mergePartials(job.name, job.accumulators, partials) },
    deadLetters: new DeadLetterSink(store, layout.deadLetterSource),
    outputs: async (result) => {
      if (result.emitted.length > 0) await results.putEmitted(job.name, result.emitted as WindowResult<unknown>[])
    },
    telemetry: deps.telemetry ?? createTelemetry({ serviceName: layout.serviceName }),
  })
}
