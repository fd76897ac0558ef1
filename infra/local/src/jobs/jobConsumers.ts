import { compareSequenceNumbers, type KinesisWindowEvent, type WindowResult } from '@sdp/aggregation-engine'
import { DeadLetterSink, JobResultsStore, S3ObjectStore, SegmentStateBackend, createWindowHandler, shardAncestry } from '@sdp/stream-runtime'
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

/** How long a job's keyed state (a join index) lives without being written: a day of arrival time. */
const JOB_STATE_RETENTION_MS = 86_400_000

/** The consumer name of a job. */
export const jobConsumerName = (name: string) => `job-${name}`

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
 * One consumer per user job on the event stream, `job-<name>`: the stream-runtime window handler
 * with the job's state under `state/jobs/<name>/`, dead letters under `errors/job-<name>/`, fixed
 * windows' partials merged into the job results table, session results put there as emitted.
 * Each gets the platform's event-source mapping, so it has the same emulator modes and restart-safe
 * checkpoints as the built-in consumers. Its `stats` (records, dead letters) reach `/health`.
 */
export function jobConsumers(jobs: readonly JobRef[], options: JobConsumerOptions): ConsumerDefinition[] {
  return jobs.map((ref) => {
    const counts = new JobCounts()
    const name = jobConsumerName(ref.name)
    return {
      name,
      stats: () => counts.stats(),
      handlerFactory: async (ctx) => {
        // The module cache makes this one import per thread, whatever the containers.
        const { job } = await loadJobFile(ref.file)
        let counted: (() => void) | undefined
        const store = new S3ObjectStore(ctx.services.s3, options.bucket)
        const results = new JobResultsStore({ dynamodb: ctx.services.dynamodb, tableName: options.resultsTable })
        const handle = createWindowHandler({
          job,
          state: new SegmentStateBackend({
            store,
            prefix: `state/jobs/${ref.name}`,
            ancestors: shardAncestry(ctx.services.kinesis, ctx.streamName),
            retentionMs: JOB_STATE_RETENTION_MS,
          }),
          partials: { write: (partials) => results.mergePartials(ref.name, job.accumulators, partials) },
          deadLetters: new DeadLetterSink(store, name),
          outputs: async (result) => {
            if (result.records)
              counted = () => counts.add(result.shardId, result.records!.first, result.records!.last, result.counters.records ?? 0, result.deadLetters.length)
            if (result.emitted.length > 0) await results.putEmitted(ref.name, result.emitted as WindowResult<unknown>[])
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
  })
}
