import type { Json } from '@sdp/aggregation-engine'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'

/** A partials record of a stage-2 batch and when it reached the partials stream (epoch ms). */
export interface ArrivedRecord {
  readonly record: PartialsRecord
  readonly arrivalTime: number
}

/** What a {@link MergeCore} made of a batch. */
export interface MergeOutcome<Item> {
  /** State entries to store as the batch's segment. */
  readonly writes: ReadonlyMap<string, Json>
  /** The result items the batch changed, with their absolute values. */
  readonly items: readonly Item[]
  /** Records skipped because they were merged before (resends of retried stage-1 invocations). */
  readonly merged: number
  readonly duplicates: number
  /** Records (by index in the batch) that are dead-lettered with the reason; any part of them that was merged is said by the reason. */
  readonly refused: ReadonlyArray<{ readonly index: number; readonly reason: string }>
}

/**
 * The pure part of one stage 2: which state entries a batch needs, and how its records change
 * them and the result items. Each stage-1 record must be merged at most once (see `BatchState.claim`),
 * and what a record does must depend on the record and the state alone, never on the batching.
 */
export interface MergeCore<Item> {
  /** The state keys the batch's records name (their merge marks included). */
  keys(records: readonly PartialsRecord[]): Set<string>
  merge(records: readonly ArrivedRecord[], fetched: ReadonlyMap<string, Json>): MergeOutcome<Item>
}
