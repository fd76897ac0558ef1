import { EngineError, InvalidArgumentError } from '../../errors.js'
import { triggerFires, triggerPurges, type TriggerResult } from '../../triggers/TriggerResult.js'
import type { Json, Key, TimeWindow } from '../../types.js'
import { boundedOutOfOrderness } from '../../watermarks/boundedOutOfOrderness.js'
import { NO_WATERMARK, type WatermarkGenerator } from '../../watermarks/WatermarkGenerator.js'
import { isGlobalWindow } from '../../windows/GlobalWindow.js'
import type { Firing, WindowOperator, WindowOutputs, WindowPartial, WindowResult } from '../WindowOperator.js'
import { compareKeys } from './compareKeys.js'
import { HEADER_BYTES } from './estimate.js'
import { mergeSessionWindows, placeSessionWindow, type MergeDeps } from './mergeSessionWindows.js'
import { OperatorTriggerContext } from './OperatorTriggerContext.js'
import { PendingPartials } from './PendingPartials.js'
import { encodeSnapshot } from './snapshotCodec.js'
import type { OperatorConfig } from './resolveOptions.js'
import { EVENT, PROCESSING, type DomainIndex, type Entry, type Group, WindowTable } from './WindowTable.js'

type Cause = 'element' | 'event' | 'processing'

function requireTime(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`${name} must be a safe integer (epoch milliseconds)`)
}

function normalizeKey(key: Key): Key {
  if (typeof key === 'string') return key
  if (typeof key === 'number' && Number.isFinite(key)) return key === 0 ? 0 : key // one zero, not two
  throw new InvalidArgumentError('key must be a string or a finite number')
}

/**
 * The orchestrator (Flink's `WindowOperator`): assigns elements to windows, drops late ones to
 * the side output, runs the trigger and acts on its decisions, fires timers as watermark and
 * processing time advance, and cleans windows up once `end - 1 + allowedLateness` has passed.
 */
export class WindowOperatorCore<IN, ACC, OUT, R> implements WindowOperator<IN, R> {
  readonly table: WindowTable<ACC>
  readonly generator: WatermarkGenerator
  readonly pending: PendingPartials<ACC>
  wm = NO_WATERMARK
  pt: number | null = null
  private results: WindowResult<R>[] = []
  private late: IN[] = []
  private readonly context: OperatorTriggerContext<ACC>
  private readonly merge: MergeDeps<ACC>
  private readonly eventDomain: boolean
  /** The trigger's `quietUntilEnd` for windows that do not merge (see processElement). */
  private readonly quietUntilEnd: 'event' | 'processing' | undefined

  constructor(readonly config: OperatorConfig<IN, ACC, OUT, R>) {
    this.eventDomain = config.assigner.timeDomain === 'event'
    this.quietUntilEnd = config.assigner.isMerging ? undefined : config.trigger.quietUntilEnd
    this.generator = boundedOutOfOrderness(config.watermark)
    this.table = new WindowTable<ACC>({
      merging: config.assigner.isMerging,
      cleanupOf: (window) => {
        if (isGlobalWindow(window)) return undefined
        return this.eventDomain ? { domain: EVENT, time: this.cleanupTime(window) } : { domain: PROCESSING, time: window.end - 1 }
      },
      accumulatorBytes: config.accumulatorBytes,
    })
    this.pending = new PendingPartials(config.accumulatorBytes, config.aggregate)
    this.context = new OperatorTriggerContext(this.table, this)
    this.merge = { table: this.table, trigger: config.trigger, aggregate: config.aggregate, context: this.context }
  }

  processElement(element: IN): void {
    const key = normalizeKey(this.config.keyBy(element))
    const timestamp = this.config.timestamp(element)
    requireTime(timestamp, 'timestamp')
    let assignAt = timestamp
    if (!this.eventDomain) {
      if (this.pt === null) throw new EngineError('processing-time windows need advanceProcessingTime before the first element')
      assignAt = this.pt
    }
    const windows = this.config.assigner.assign(assignAt)
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i] as TimeWindow
      if (!Number.isSafeInteger(w.start) || !Number.isSafeInteger(w.end))
        throw new InvalidArgumentError('timestamp must keep its windows within the safe integers')
    }
    let accepted = false
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i] as TimeWindow
      const group = this.config.assigner.isMerging ? this.sessionGroup(key, window) : this.windowGroup(window)
      if (group === undefined) continue
      accepted = true
      const entry = this.table.entry(group, key)
      const counting = entry.acc !== undefined
      const acc = entry.acc === undefined ? this.config.aggregate.createAccumulator() : entry.acc
      this.table.setAccumulator(entry, this.config.aggregate.add(element, acc))
      // A quiet trigger has nothing to say about a (window, key) that is already counting.
      if (counting && this.quietUntilEnd !== undefined && group.window.end - 1 > this.clock(this.quietUntilEnd)) continue
      const result = this.config.trigger.onElement(timestamp, group.window, this.context.bind(group, key, entry))
      this.act(result, group, key, entry, 'element', timestamp)
    }
    if (!accepted) this.late.push(element)
    this.generator.onEvent(timestamp)
    this.advanceEventTime(this.generator.currentWatermark())
  }

  processHeartbeat(timestamp: number): void {
    requireTime(timestamp, 'heartbeat timestamp')
    this.generator.onHeartbeat(timestamp)
    this.advanceEventTime(this.generator.currentWatermark())
  }

  advanceWatermark(watermark: number): void {
    requireTime(watermark, 'watermark')
    this.advanceEventTime(watermark)
  }

  advanceProcessingTime(now: number): void {
    requireTime(now, 'processing time')
    if (this.pt === null || now > this.pt) this.pt = now
    this.generator.onProcessingTime(this.pt)
    this.runTimers(PROCESSING, this.pt)
  }

  takeOutputs(): WindowOutputs<IN, R> {
    const outputs = { results: this.results, late: this.late }
    this.results = []
    this.late = []
    return outputs
  }

  flushPartials(): WindowPartial[] {
    const partials = this.pending.take()
    for (const group of [...this.table.groups.values()]) {
      for (const [key, entry] of [...group.entries]) {
        if (entry.acc === undefined) continue
        partials.push({ key, window: group.window, acc: entry.acc })
        this.table.setAccumulator(entry, undefined)
        this.forgetIfEmpty(group, key, entry)
      }
    }
    partials.sort((a, b) => a.window.start - b.window.start || a.window.end - b.window.end || compareKeys(a.key, b.key))
    const { aggregate } = this.config
    return partials.map(({ key, window, acc }) => ({
      key,
      window,
      accumulator: aggregate.encode === undefined ? (acc as Json) : aggregate.encode(acc),
    }))
  }

  estimatedBytes(): number {
    return HEADER_BYTES + this.table.bytes + this.pending.bytes
  }

  watermark(): number {
    return this.wm
  }

  isIdle(): boolean {
    return this.generator.isIdle()
  }

  snapshot(): Json {
    return encodeSnapshot(this)
  }

  /** `end - 1 + allowedLateness`, kept within the safe integers. */
  cleanupTime(window: TimeWindow): number {
    return Math.min(window.end - 1 + this.config.allowedLateness, Number.MAX_SAFE_INTEGER)
  }

  /** The current time of a clock: the watermark, or the processing time given last. */
  private clock(domain: 'event' | 'processing'): number {
    return domain === 'event' ? this.wm : (this.pt ?? NO_WATERMARK)
  }

  /** Flink's `isWindowLate`: an event-time window whose cleanup time the watermark has reached. */
  private isLate(window: TimeWindow): boolean {
    return this.eventDomain && !isGlobalWindow(window) && this.cleanupTime(window) <= this.wm
  }

  private windowGroup(window: TimeWindow): Group<ACC> | undefined {
    return this.isLate(window) ? undefined : this.table.group(window)
  }

  private sessionGroup(key: Key, window: TimeWindow): Group<ACC> | undefined {
    const placement = placeSessionWindow(this.table, key, window)
    if (placement.kind === 'existing') return placement.group
    if (placement.kind === 'merge') return mergeSessionWindows(this.merge, key, placement.window, placement.sources)
    // Alone: late like any window. (A merge result covers live windows, so it is never late.)
    return this.windowGroup(window)
  }

  private advanceEventTime(target: number): void {
    if (target > this.wm) this.wm = target
    this.runTimers(EVENT, this.wm)
  }

  /** Fires every due timer and cleanup in (time, timers-before-cleanups, window, key) order, including ones registered meanwhile. */
  private runTimers(domain: DomainIndex, now: number): void {
    const queue = this.table.queues[domain]
    for (let item = queue.peek(); item !== undefined && item.time <= now; item = queue.peek()) {
      queue.pop()
      const group = item.group
      if (!this.table.isLive(group)) continue
      if (item.kind === 'cleanup') {
        if (this.config.retainCleanedPartials) {
          for (const [key, entry] of group.entries) if (entry.acc !== undefined) this.pending.add(group.window, key, entry.acc)
        }
        this.table.removeGroup(group)
        continue
      }
      for (const key of this.table.takeTimers(domain, group, item.time)) {
        const entry = group.entries.get(key)
        if (entry === undefined || !this.table.isLive(group)) continue
        const context = this.context.bind(group, key, entry)
        const result =
          domain === EVENT
            ? this.config.trigger.onEventTime(item.time, group.window, context)
            : this.config.trigger.onProcessingTime(item.time, group.window, context)
        this.act(result, group, key, entry, domain === EVENT ? 'event' : 'processing', item.time)
      }
    }
  }

  private act(result: TriggerResult, group: Group<ACC>, key: Key, entry: Entry<ACC>, cause: Cause, time: number): void {
    if (result !== 'CONTINUE' && entry.acc !== undefined) {
      if (triggerFires(result)) this.emit(group.window, key, entry.acc, this.firingOf(group.window, cause, time))
      if (triggerPurges(result)) this.table.setAccumulator(entry, undefined)
    }
    this.forgetIfEmpty(group, key, entry)
  }

  private emit(window: TimeWindow, key: Key, acc: ACC, firing: Firing): void {
    const aggregated = this.config.aggregate.getResult(acc)
    const process = this.config.process
    const value =
      process === undefined
        ? (aggregated as unknown as R)
        : process({ key, window, watermark: this.wm, processingTime: this.pt ?? NO_WATERMARK, firing }, aggregated)
    this.results.push({ key, window, value, firing, watermark: this.wm })
  }

  /** On time when the window's own clock reached `end - 1` through its timer; else early or late by that clock (global windows: always early). */
  private firingOf(window: TimeWindow, cause: Cause, time: number): Firing {
    if (isGlobalWindow(window)) return 'early' // its end is never reached
    const maxTimestamp = window.end - 1
    if (time === maxTimestamp && cause === (this.eventDomain ? 'event' : 'processing')) return 'on-time'
    const now = this.eventDomain ? this.wm : (this.pt ?? NO_WATERMARK)
    return maxTimestamp <= now ? 'late' : 'early'
  }

  /** A (key, window) with no contents and no trigger state is forgotten, unless sessions still need it to merge. */
  private forgetIfEmpty(group: Group<ACC>, key: Key, entry: Entry<ACC>): void {
    if (entry.acc !== undefined || entry.state !== undefined || this.config.assigner.isMerging) return
    if (group.entries.get(key) === entry) this.table.removeEntry(group, key)
  }
}
