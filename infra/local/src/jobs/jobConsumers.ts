import { compareSequenceNumbers, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { createJobMergeHandler, createJobWindowHandler } from '@sdp/stream-runtime'
import type { Telemetry } from '@sdp/service-kit'
import type { ConsumerDefinition, LocalPlatformContext } from '../localPlatform.js'
import { loadJobFile } from './loadJobFile.js'

/** A job to run, as it crosses into the consumer thread (a job's functions cannot). */
export interface JobRef {
  readonly name: string
  readonly file: string
}

/** Where the job consumers keep things. */
export interface JobConsumerOptions {
  readonly bucket: string
  readonly resultsTable: string
  readonly telemetry: (serviceName: string, context: LocalPlatformContext) => Telemetry
}

/** The consumer name of a job's first stage (its second stage is `<that>-merge`). */
export const jobConsumerName = (name: string) => `job-${name}`

/** The partials stream between a job's two stages. */
export const jobPartialsStream = (name: string) => `sdp-partials-job-${name}`

/** Shards of a job's partials stream when created: a job's results are small next to the events. */
export const JOB_PARTIALS_SHARDS = 1

/**
 * Counts a job consumer's records and dead letters, each batch once: per shard, a batch counts
 * only when it starts past the last one counted, so retries and double deliveries add nothing.
 */
class JobCounts {
  private readonly through = new Map<string, string>()
  records = 0
  deadLetters = 0

  add(shardId: string, first: string, last: string, records: number, deadLetters: number): void {
    const through = this.through.get(shardId)
    if (through !== undefined && compareSequenceNumbers(first, through) <= 0) return
    this.through.set(shardId, last)
    this.records += records
    this.deadLetters += deadLetters
  }

  stats(): Readonly<Record<string, number>> {
    return { records: this.records, deadLetters: this.deadLetters, deadLetterRate: this.records === 0 ? 0 : this.deadLetters / this.records }
  }
}

/**
 * Two consumers per user job, the two stages the built-in job has: `job-<name>` on the event
 * stream (state under `state/jobs/<name>/`, dead letters under `errors/job-<name>/`) sends its
 * partials — or, for session windows, its emitted results — to the job's own partials stream
 * `sdp-partials-job-<name>`; `job-<name>-merge` on that stream merges each stage-1 contribution
 * once and writes each (key, window)'s final value to the job results table and a row to the lake
 * table `parquet_job_<name>`. Each gets the platform's event-source mapping, so both have the same
 * emulator modes and restart-safe checkpoints as the built-in consumers. Stage 1's `stats`
 * (records, dead letters) reach `/health`.
 */
export function jobConsumers(jobs: readonly JobRef[], options: JobConsumerOptions): ConsumerDefinition[] {
  return jobs.flatMap((ref) => [windowConsumer(ref, options), mergeConsumer(ref, options)])
}

/** Stage 1 of a job: its window handler on the event stream, counted for `/health`. */
function windowConsumer(ref: JobRef, options: JobConsumerOptions): ConsumerDefinition {
  const counts = new JobCounts()
  const name = jobConsumerName(ref.name)
  return {
    name,
    stats: () => counts.stats(),
    handlerFactory: async (ctx) => {
      // The module cache makes this one import per thread, whatever the containers.
      const { job } = await loadJobFile(ref.file)
      let counted: (() => void) | undefined
      const handle = createJobWindowHandler({
        ...ctx.services,
        job,
        bucket: options.bucket,
        streamName: ctx.streamName,
        partialsStream: jobPartialsStream(ref.name),
        outputs: (result) => {
          const records = result.records
          if (records) counted = () => counts.add(result.shardId, records.first, records.last, result.counters.records ?? 0, result.deadLetters.length)
          return Promise.resolve()
        },
        telemetry: options.telemetry(name, ctx),
      })
      return async (event: KinesisWindowEvent) => {
        counted = undefined
        const response = await handle(event)
        // Only once everything is written: a failed invocation is retried, and counted then.
        ;(counted as (() => void) | undefined)?.()
        return response
      }
    },
  }
}

/** Stage 2 of a job: its merge handler on the job's partials stream. */
function mergeConsumer(ref: JobRef, options: JobConsumerOptions): ConsumerDefinition {
  const name = `${jobConsumerName(ref.name)}-merge`
  const partialsStream = jobPartialsStream(ref.name)
  return {
    name,
    streamName: partialsStream,
    handlerFactory: async (ctx) => {
      const { job } = await loadJobFile(ref.file)
      return createJobMergeHandler({
        ...ctx.services,
        job,
        bucket: options.bucket,
        resultsTable: options.resultsTable,
        partialsStream,
        telemetry: options.telemetry(name, ctx),
      })
    },
  }
}
