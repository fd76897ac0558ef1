import type { TriggerMergeContext } from '../../src/triggers/Trigger.js'
import type { Json } from '../../src/types.js'

/** A hand-driven trigger context for unit tests: one (key, window)'s state and timers. */
export class FakeContext implements TriggerMergeContext {
  watermark = Number.MIN_SAFE_INTEGER
  processingTime = Number.MIN_SAFE_INTEGER
  state: Json | undefined = undefined
  readonly eventTimers = new Set<number>()
  readonly processingTimers = new Set<number>()
  mergedStates: (Json | undefined)[] = []
  getState(): Json | undefined {
    return this.state
  }
  setState(state: Json | undefined): void {
    this.state = state
  }
  registerEventTimeTimer(time: number): void {
    this.eventTimers.add(time)
  }
  deleteEventTimeTimer(time: number): void {
    this.eventTimers.delete(time)
  }
  registerProcessingTimeTimer(time: number): void {
    this.processingTimers.add(time)
  }
  deleteProcessingTimeTimer(time: number): void {
    this.processingTimers.delete(time)
  }
}
