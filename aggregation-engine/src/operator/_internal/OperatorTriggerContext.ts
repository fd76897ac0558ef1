import { InvalidArgumentError } from '../../errors.js'
import type { TriggerMergeContext } from '../../triggers/Trigger.js'
import type { Json, Key } from '../../types.js'
import { NO_WATERMARK } from '../../watermarks/WatermarkGenerator.js'
import { EVENT, PROCESSING, type Entry, type Group, type WindowTable } from './WindowTable.js'

/** The clocks the context reads (the operator core). */
export interface Clocks {
  readonly wm: number
  readonly pt: number | null
}

function requireTimerTime(time: number): void {
  if (!Number.isSafeInteger(time)) throw new InvalidArgumentError('timer time must be a safe integer')
}

/**
 * The one reusable trigger context of an operator (like Flink's `WindowOperator.Context`): bound
 * to a (key, window) before each trigger call, it routes state and timers into the window table.
 */
export class OperatorTriggerContext<ACC> implements TriggerMergeContext {
  private group!: Group<ACC>
  private key!: Key
  private entry!: Entry<ACC>
  mergedStates: readonly (Json | undefined)[] = []

  constructor(
    private readonly table: WindowTable<ACC>,
    private readonly clocks: Clocks,
  ) {}

  bind(group: Group<ACC>, key: Key, entry: Entry<ACC>, mergedStates: readonly (Json | undefined)[] = []): this {
    this.group = group
    this.key = key
    this.entry = entry
    this.mergedStates = mergedStates
    return this
  }

  get watermark(): number {
    return this.clocks.wm
  }

  get processingTime(): number {
    return this.clocks.pt ?? NO_WATERMARK
  }

  getState(): Json | undefined {
    return this.entry.state
  }

  setState(state: Json | undefined): void {
    this.table.setState(this.entry, state)
  }

  registerEventTimeTimer(time: number): void {
    requireTimerTime(time)
    this.table.registerTimer(EVENT, this.group, this.key, time)
  }

  deleteEventTimeTimer(time: number): void {
    this.table.deleteTimer(EVENT, this.group, this.key, time)
  }

  registerProcessingTimeTimer(time: number): void {
    requireTimerTime(time)
    this.table.registerTimer(PROCESSING, this.group, this.key, time)
  }

  deleteProcessingTimeTimer(time: number): void {
    this.table.deleteTimer(PROCESSING, this.group, this.key, time)
  }
}
