import type { Json, Key, TimeWindow } from '../types.js'

/**
 * Where a record came from; `arrivalTime` is the stream's approximate arrival time in epoch ms.
 * The adapter reuses one context for all records of an invocation: read it during `process`,
 * copy what you keep.
 */
export interface RecordContext {
  readonly shardId: string
  readonly sequenceNumber: string
  readonly partitionKey: string
  readonly arrivalTime: number
}

/** What a job makes of one decoded JSON record: an event, a heartbeat that only advances time, or a reason to dead-letter it. */
export type ParseResult<E> =
  { readonly kind: 'event'; readonly event: E } | { readonly kind: 'heartbeat'; readonly ts: number } | { readonly kind: 'invalid'; readonly reason: string }

/**
 * Keyed state that outlives the Lambda window (a join index), fetched by the caller before the
 * invocation for the keys the job declared. Every `set` becomes a write the caller applies,
 * keyed by the records of the invocation, so a replay produces identical writes.
 */
export interface KeyedState {
  /** The value of a declared key, or undefined when the backend holds none. */
  get(key: string): Json | undefined
  set(key: string, value: Json): void
}

/** An open accumulator moved out of a job at a flush, before the adapter gives it its identity. */
export interface FlushedAccumulator {
  readonly key: Key
  readonly window: TimeWindow
  readonly accumulator: Json
}

/** A running job inside one invocation. Built by {@link WindowJob.open}, discarded afterwards. */
export interface JobInstance<E, R> {
  process(event: E, record: RecordContext): void
  /** Advances event time without counting anything (a heartbeat on a quiet shard). */
  heartbeat(ts: number): void
  /** A deterministic, incrementally kept estimate of `snapshot()`'s size, checked after every record. */
  estimatedBytes(): number
  /** Moves every open accumulator out and resets it; what remains open keeps merging later. */
  flush(): FlushedAccumulator[]
  /** Outputs produced since the last call: emitted values and late events. */
  takeOutputs(): { emitted: R[]; late: E[] }
  /** The whole in-window state, carried in Lambda's `state` between invocations of a window. */
  snapshot(): Json
  /** The small shard-level value that must outlive the Lambda window (e.g. the watermark). */
  carry(): Json
  /** Job-specific counters (duplicates, orphans, ...) since the instance was opened. */
  counters(): Readonly<Record<string, number>>
}

/**
 * A stream job the Lambda adapter can run: how to parse a record, which external keys a record
 * needs, and how to open an instance from the carried state.
 */
export interface WindowJob<E, R = never> {
  /** Names the job in the Lambda state, so state of another job is never misread. */
  readonly name: string
  /** Version of the job's snapshot format; a state with another version is reported and rebuilt. */
  readonly version: number
  /**
   * The job's event from a record's JSON value. It also gets the record's partition key, so a job
   * whose state keys come from the partition key can refuse an event that belongs to another key.
   */
  parse(value: unknown, partitionKey: string): ParseResult<E>
  /**
   * External state keys a record with this partition key may read or write; omitted when the job
   * keeps no external state. Known before decoding, so the caller fetches them and the adapter
   * decodes every record once. Reading or writing a key not declared here throws (a job bug).
   */
  stateKeys?(partitionKey: string): readonly string[]
  open(args: { readonly snapshot: Json | undefined; readonly carry: Json | undefined; readonly state: KeyedState }): JobInstance<E, R>
}
