import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { QueryRun, explain, readStream, type CompiledQuery } from '@sdp/sql'
import type { EventStream } from '../../eventStream.js'
import { resultColumns } from './liveQueryRequest.js'

/** The watermark's bounded out-of-orderness the rows fire by: the compiler's default, the platform's. */
const WATERMARK_BOUND_MS = 5_000

/** Options of {@link LiveQueries}. */
export interface LiveQueriesOptions {
  /** A client of the platform's Kinesis (read only). */
  readonly kinesis: Pick<KinesisClient, 'send'>
  readonly streamName: string
  /** Pause between reads that found nothing, ms. @default 200 */
  readonly pollMs?: number
}

/**
 * Runs compiled queries live over the platform's stream, as `npm run sql` does without `--bounded`:
 * each reads every shard from the start of retention through a `QueryRun` and sends the rows of
 * each window as the watermark closes it — again, with the same id, when a late event changes it.
 * A query runs for as long as its event stream is open, and counts in {@link running} till then.
 *
 * Events: `start` `{columns, plan}`; `rows` `{updates: [{id, window_start, window_end, row}], late}`
 * (`row` null: HAVING withdrew it); `error` `{message}` when reading or running fails, which ends it.
 */
export class LiveQueries {
  private count = 0

  constructor(private readonly options: LiveQueriesOptions) {}

  /** Queries whose event stream is open. */
  get running(): number {
    return this.count
  }

  /** The event stream of `query`. */
  stream(query: CompiledQuery): EventStream {
    return async (send, signal) => {
      this.count++
      try {
        send({ event: 'start', data: { columns: resultColumns(query), plan: explain(query.plan) } })
        const run = new QueryRun(query)
        await readStream({
          kinesis: this.options.kinesis,
          streamName: this.options.streamName,
          ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
          onBatch: (shardId, records) => run.add(shardId, records),
          onRound: () => {
            const updates = run.takeUpdates(WATERMARK_BOUND_MS).map((u) => ({ id: u.id, window_start: u.window.start, window_end: u.window.end, row: u.row }))
            if (updates.length > 0) send({ event: 'rows', data: { updates, late: run.late } })
            return !signal.aborted
          },
        }).catch((error: unknown) => {
          if (!signal.aborted) send({ event: 'error', data: { message: `the query stopped reading ${this.options.streamName}: ${(error as Error).message}` } })
        })
      } finally {
        this.count--
      }
    }
  }
}
