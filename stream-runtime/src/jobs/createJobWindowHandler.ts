import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import {
  lastSequenceOf,
  type DefinedWindowJob,
  type Json,
  type KinesisWindowEvent,
  type PartialAccumulator,
  type WindowInvocationResult,
  type WindowResult,
} from '@sdp/aggregation-engine'
import type { Telemetry } from '@sdp/service-kit'
import { DeadLetterSink } from '../deadLetters/DeadLetterSink.js'
import { KinesisPartialsSink } from '../exchange/KinesisPartialsSink.js'
import { createWindowHandler } from '../handler/createWindowHandler.js'
import { S3ObjectStore } from '../state/S3ObjectStore.js'
import { SegmentStateBackend } from '../state/SegmentStateBackend.js'
import { shardAncestry } from '../state/shardAncestry.js'

/** Clients and names of a user job's first stage. */
export interface JobWindowDependencies {
  readonly job: DefinedWindowJob<unknown, unknown>
  readonly s3: S3Client
  readonly kinesis: KinesisClient
  /** The lake bucket: state under `state/jobs/<name>/`, dead letters under `errors/job-<name>/`. */
  readonly bucket: string
  /** The event stream it consumes (for shard lineage). */
  readonly streamName: string
  /** The job's partials stream, which its second stage consumes. */
  readonly partialsStream: string
  /** Called with each invocation's result once its partials and rows are written (counters). */
  readonly outputs?: (result: WindowInvocationResult<unknown, unknown>, event: KinesisWindowEvent) => Promise<void>
  /** Where each invocation's line and counters go. @default JSON on stdout */
  readonly telemetry?: Telemetry
}

/** How long a job's keyed state (a join index) lives without being written: a day of arrival time. */
const JOB_STATE_RETENTION_MS = 86_400_000

/**
 * Stage 1 of a user job: the stream-runtime window handler with the job's state and dead letters
 * in the lake bucket, sending what leaves it to the job's partials stream — partials of fixed
 * windows to be merged, results emitted by session windows (`rows`) to be stored as they are.
 * Keys travel as JSON text, so a number key is still a number in the results.
 */
export function createJobWindowHandler(deps: JobWindowDependencies) {
  const { job } = deps
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const sink = new KinesisPartialsSink({ kinesis: deps.kinesis, streamName: deps.partialsStream, job: job.name })
  return createWindowHandler({
    job,
    state: new SegmentStateBackend({
      store,
      prefix: `state/jobs/${job.name}`,
      ancestors: shardAncestry(deps.kinesis, deps.streamName),
      retentionMs: JOB_STATE_RETENTION_MS,
    }),
    partials: { write: (partials, shardId) => sink.write(partials.map(withJsonKey), shardId) },
    deadLetters: new DeadLetterSink(store, `job-${job.name}`),
    outputs: async (result, event) => {
      const rows = emittedRows(result, event)
      if (rows.length > 0) await sink.write(rows, result.shardId, 'rows')
      await deps.outputs?.(result, event)
    },
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
  })
}

const withJsonKey = (p: PartialAccumulator): PartialAccumulator => ({ ...p, key: JSON.stringify(p.key) })

/** An invocation's emitted results as rows named after its records (a retry sends the same). */
function emittedRows(result: WindowInvocationResult<unknown, unknown>, event: KinesisWindowEvent): PartialAccumulator[] {
  const emitted = result.emitted as WindowResult<unknown>[]
  if (emitted.length === 0) return []
  const last = result.records?.last ?? lastSequenceOf(event.state) ?? '0'
  const id = `${result.shardId}:${result.records?.first ?? last}-${last}`
  return emitted.map((r) => ({ id, key: JSON.stringify(r.key), window: r.window, accumulator: (r.value ?? null) as Json }))
}
