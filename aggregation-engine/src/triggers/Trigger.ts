import type { Json, TimeWindow } from '../types.js'
import type { TriggerResult } from './TriggerResult.js'

/**
 * What a trigger sees of one (key, window) while the operator calls it. The operator owns the
 * state and the timers; the trigger itself holds none (Flink's `Trigger.TriggerContext`).
 */
export interface TriggerContext {
  /** The operator's current event-time watermark (`Number.MIN_SAFE_INTEGER` before any). */
  readonly watermark: number
  /** The operator's current processing time (`Number.MIN_SAFE_INTEGER` before any was given). */
  readonly processingTime: number
  /** This (key, window)'s trigger state, `undefined` when none. */
  getState(): Json | undefined
  /** Replaces this (key, window)'s trigger state; `undefined` removes it. Must be JSON-safe. */
  setState(state: Json | undefined): void
  /** Calls `onEventTime(time)` once the watermark reaches `time`. Registering twice is a no-op. */
  registerEventTimeTimer(time: number): void
  /** Removes an event-time timer of this (key, window); no-op when absent. */
  deleteEventTimeTimer(time: number): void
  /** Calls `onProcessingTime(time)` once processing time reaches `time`. Registering twice is a no-op. */
  registerProcessingTimeTimer(time: number): void
  /** Removes a processing-time timer of this (key, window); no-op when absent. */
  deleteProcessingTimeTimer(time: number): void
}

/** The context of `onMerge`: the trigger states of the windows being merged into this one. */
export interface TriggerMergeContext extends TriggerContext {
  /** States of the merged windows (`undefined` for a window without state), in window order. */
  readonly mergedStates: readonly (Json | undefined)[]
}

/**
 * A stateless firing strategy (Flink's `Trigger`). Every method gets the (key, window) through
 * `ctx`; per-(key, window) state lives in the operator (`ctx.getState`/`setState`), timers are
 * registered through `ctx`.
 *
 * Contract with the operator: a (key, window) whose contents are empty and whose trigger state is
 * `undefined` may be forgotten together with its timers (a later element recreates it and calls
 * `onElement` again), so a trigger must not rely on a timer alone to fire a window that holds nothing.
 */
export interface Trigger {
  /** Stable description (`count(100)`), stored in snapshots: a restore with another trigger is refused. */
  readonly name: string
  /** Whether `onMerge` is supported (merging assigners require it). */
  readonly canMerge: boolean
  /**
   * Declares that after a (key, window)'s first element `onElement` only registers the same
   * timer at `end - 1` again and continues, until this clock reaches `end - 1`: the operator then
   * skips the call for the (key, window)'s further elements of windows that do not merge.
   */
  readonly quietUntilEnd?: 'event' | 'processing'
  /** Called for every element added to the window; `timestamp` is the element's event time. */
  onElement(timestamp: number, window: TimeWindow, ctx: TriggerContext): TriggerResult
  /** Called when an event-time timer registered for this (key, window) fires. */
  onEventTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult
  /** Called when a processing-time timer registered for this (key, window) fires. */
  onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult
  /** Called on the merged window when windows merge (before the merged-away windows are cleared). */
  onMerge(window: TimeWindow, ctx: TriggerMergeContext): void
  /** Removes the trigger's state and timers for this (key, window). */
  clear(window: TimeWindow, ctx: TriggerContext): void
}
