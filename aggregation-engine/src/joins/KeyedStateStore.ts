import type { Key } from '../types.js'

/**
 * Per-key state with one timer per key: the port through which a keyed operator (the interval
 * join) keeps its state, so an adapter can hold it outside Lambda's 1 MB `state` (an object store
 * or DynamoDB behind a warm-container cache). Synchronous on purpose — the engine does no I/O: an
 * adapter prefetches what a batch needs (the keys of its records, and the keys due by the batch's
 * watermark) before calling the operator, and writes back what was set or deleted afterwards.
 *
 * States are JSON-safe values. The operator may mutate a state it got from `get`; it always calls
 * `set` or `delete` for a key whose state it changed.
 */
export interface KeyedStateStore<S> {
  /** The state of `key`, or undefined when there is none. */
  get(key: Key): S | undefined
  /**
   * Stores the state of `key` with its timer: the key becomes due once the watermark passes the
   * timer (`timer < watermark`). Replaces any earlier timer of the key.
   */
  set(key: Key, state: S, timer: number): void
  /** Removes the state and timer of `key`. */
  delete(key: Key): void
  /**
   * Every key whose timer is strictly before `watermark`, in any order. The operator then sets or
   * deletes each of them, so a store may forget these timers once it has returned them.
   */
  dueKeys(watermark: number): Key[]
}
