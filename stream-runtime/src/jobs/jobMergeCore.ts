import type { Json, Key, PartialAccumulators } from '@sdp/aggregation-engine'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'
import { BatchState } from '../merge/BatchState.js'
import type { ArrivedRecord, MergeCore, MergeOutcome } from '../merge/MergeCore.js'
import { stateKey } from '../merge/resultKeys.js'

/** One result of a user job as stage 2 writes it: a (key, window) and its final value so far. */
export interface JobResultItem {
  readonly job: string
  readonly key: Key
  readonly windowStart: number
  readonly windowEnd: number
  readonly value: Json
}

/** Options of {@link jobMergeCore}. */
export interface JobMergeOptions {
  /** The job's name: records of another job are refused. */
  readonly job: string
  /** How the job's accumulators merge and read (`defineWindowJob`'s `accumulators`). */
  readonly accumulators: PartialAccumulators
  /**
   * Partials of windows that ended this long before their record arrived are refused (dead
   * letters): their accumulator's state may have expired. Must exceed the job's allowed lateness,
   * and stay below the state backend's retention.
   */
  readonly horizonMs: number
}

/** The state entry holding a window's merged accumulator. */
const windowKey = (key: string, start: number, end: number) => `r|${start}|${end}|${key}`

/**
 * The key as stage 1 packed it: JSON text, so a number key comes back a number (keys of other
 * writers are taken as plain text).
 */
export function decodeJobKey(packed: string): Key {
  try {
    const key: unknown = JSON.parse(packed)
    if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) return key
  } catch {
    // not JSON: the text is the key
  }
  return packed
}

/**
 * Stage 2 of a user job as a {@link MergeCore}. A record of partials merges each into its (key,
 * window)'s accumulator, kept in the state, and the item gets the accumulator's result; a record of
 * rows (emitted results: session windows) puts each as it is, the latest record's firing winning.
 * Either way each stage-1 record counts once (its merge mark), so a resend changes nothing.
 */
export function jobMergeCore(options: JobMergeOptions): MergeCore<JobResultItem> {
  return {
    keys: (records) => jobStateKeys(records),
    merge: (records, fetched) => mergeJobRecords(options, records, fetched),
  }
}

/** The merge marks of the records' groups and the accumulator of each window their partials name. */
function jobStateKeys(records: readonly PartialsRecord[]): Set<string> {
  const keys = new Set<string>()
  for (const record of records) {
    keys.add(stateKey.watermarks(record.bucket))
    if (record.rows) continue
    for (const [key, start, end] of record.partials) keys.add(windowKey(key, start, end))
  }
  return keys
}

function mergeJobRecords(options: JobMergeOptions, records: readonly ArrivedRecord[], fetched: ReadonlyMap<string, Json>): MergeOutcome<JobResultItem> {
  const state = new BatchState(fetched)
  const items = new Map<string, JobResultItem>()
  const outcome = { writes: state.writes, merged: 0, duplicates: 0, refused: [] as Array<{ index: number; reason: string }> }
  for (const [index, { record, arrivalTime }] of records.entries()) {
    if ((record.job ?? '') !== options.job) {
      outcome.refused.push({ index, reason: `a record of job '${record.job ?? '(the ad-tech job)'}' on the partials stream of job '${options.job}'` })
      continue
    }
    if (!state.claim(record)) {
      outcome.duplicates++
      continue
    }
    outcome.merged++
    const old = record.rows ? putRows(options.job, record, items) : mergeRecord(options, record, arrivalTime, state, items)
    if (old > 0) {
      const reason = `${old} partials are for windows that ended more than the ${options.horizonMs} ms results horizon before; the record's other partials were merged`
      outcome.refused.push({ index, reason })
    }
  }
  return { ...outcome, items: [...items.values()] }
}

/** Merges a record's partials into their windows; returns how many were too old to merge. */
function mergeRecord(options: JobMergeOptions, record: PartialsRecord, arrivalTime: number, state: BatchState, items: Map<string, JobResultItem>): number {
  let old = 0
  for (const [key, start, end, accumulator] of record.partials) {
    if (end <= arrivalTime - options.horizonMs) {
      old++
      continue
    }
    const k = windowKey(key, start, end)
    const before = state.get(k)
    const merged = before === undefined ? accumulator : options.accumulators.merge(before, accumulator)
    state.set(k, merged)
    const value = (options.accumulators.result(merged) ?? null) as Json
    items.set(k, { job: options.job, key: decodeJobKey(key), windowStart: start, windowEnd: end, value })
  }
  return old
}

/** Puts a record's rows as they are. */
function putRows(job: string, record: PartialsRecord, items: Map<string, JobResultItem>): number {
  for (const [key, start, end, value] of record.partials) {
    items.set(windowKey(key, start, end), { job, key: decodeJobKey(key), windowStart: start, windowEnd: end, value })
  }
  return 0
}
