import type { DeadLetterSink } from '../deadLetters/DeadLetterSink.js'
import type { Telemetry } from '@sdp/service-kit'
import type { SegmentStateBackend } from '../state/SegmentStateBackend.js'
import { createKeyedMergeHandler } from './createKeyedMergeHandler.js'
import type { MergeCore } from './MergeCore.js'
import { mergePartials, partialKeys, type MergeAccumulators, type ResultItem } from './mergePartials.js'
import type { ResultsTable } from './ResultsTable.js'

/** What the roll-up stage 2 (periods, hours, days, months, totals) reads and writes. */
export interface MergeHandlerDependencies {
  /** Names the stage in logs. */
  readonly name: string
  /** The job's accumulator merge; must not change its arguments. */
  readonly merge: MergeAccumulators
  /** Stage 2's state: current item values and merge marks (build it with `keep: isLastingStateKey`). */
  readonly state: SegmentStateBackend
  readonly results: Pick<ResultsTable, 'write'>
  readonly deadLetters: DeadLetterSink
  /** Ancestors of a partials-stream shard, oldest first: their count orders writes across a reshard. */
  readonly ancestors: (shardId: string) => Promise<readonly string[]>
  /**
   * Partials for periods that started this long before their record arrived are refused (dead
   * letters) instead of merged: their items' state may have expired. Must exceed the job's allowed
   * lateness plus a day, and stay below the state backend's retention by a day.
   */
  readonly horizonMs: number
  /** Where the line and counters of each invocation go. @default JSON on stdout, service = `name` */
  readonly telemetry?: Telemetry
}

/** The roll-up merge as a {@link MergeCore}: periods older than the horizon are refused with the count left out. */
export function rollupMergeCore(merge: MergeAccumulators, horizonMs: number): MergeCore<ResultItem> {
  return {
    keys: partialKeys,
    merge(records, fetched) {
      const result = mergePartials(records, fetched, merge, horizonMs)
      const refused = result.tooOld.map(({ index, periods }) => ({
        index,
        reason: `${periods} partials are for periods older than the ${horizonMs} ms results horizon; the record's other partials were merged`,
      }))
      return { ...result, refused }
    },
  }
}

/**
 * Stage 2 of a job reported by period (the ad-tech job): the keyed merge handler over the roll-up
 * core — each stage-1 contribution merged once into per-key head, hour, day, month and totals items of
 * the {@link ResultsTable}.
 */
export function createMergeHandler(deps: MergeHandlerDependencies) {
  const { merge, horizonMs, ...rest } = deps
  return createKeyedMergeHandler<ResultItem>({ ...rest, core: rollupMergeCore(merge, horizonMs) })
}
