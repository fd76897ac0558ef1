import type { IntervalJoinOperator } from '../../joins/IntervalJoinOperator.js'
import { intervalJoin } from '../../joins/intervalJoin.js'
import type { WindowOperator, WindowOperatorOptions, WindowResult } from '../../operator/WindowOperator.js'
import { resolveOptions } from '../../operator/_internal/resolveOptions.js'
import { decodeSnapshot } from '../../operator/_internal/snapshotCodec.js'
import { WindowOperatorCore } from '../../operator/_internal/WindowOperatorCore.js'
import { SnapshotFormatError } from '../../errors.js'
import type { Json } from '../../types.js'
import type { WatermarkGenerator } from '../../watermarks/WatermarkGenerator.js'
import type { FlushedAccumulator, JobInstance, KeyedState } from '../WindowJob.js'
import type { WindowJobJoin } from '../defineWindowJob.js'
import { decodeJobCarry, encodeJobCarry } from './jobCarry.js'
import { PartitionKeyedJoinStore } from './PartitionKeyedJoinStore.js'

/** An element on its way into the window operator: its value, event time, and the event that made it (for the late output). */
export interface Routed<E, IN> {
  readonly value: IN
  readonly ts: number
  readonly cause: E
}

/** What an instance is built from: the job's resolved parts. */
export interface InstanceConfig<E, IN, R> {
  readonly timestamp: (event: E) => number
  readonly generator: () => WatermarkGenerator
  /** Options of the window operator over routed elements. */
  readonly operator: WindowOperatorOptions<Routed<E, IN>, unknown, unknown, R>
  /** Sessions: the operator rides in the carry and leaves through its results, never as partials. */
  readonly sessions: boolean
  readonly join: WindowJobJoin<E, IN> | undefined
}

/** Builds the operator; a session operator keeps no cleaned accumulators (its partials are never taken). */
function buildOperator<E, IN, R>(config: InstanceConfig<E, IN, R>, snapshot: Json | undefined): WindowOperator<Routed<E, IN>, R> | string {
  const core = new WindowOperatorCore({ ...resolveOptions(config.operator), retainCleanedPartials: !config.sessions })
  if (snapshot === undefined) return core
  const error = decodeSnapshot(core, snapshot)
  return error === undefined ? core : error.message
}

/**
 * One invocation of a job made by `defineWindowJob`: parsed events go through the optional inner
 * join into the window operator, and one watermark — bounded out-of-orderness over event
 * timestamps and heartbeats, carried across Lambda windows — drives both.
 */
export class OperatorJobInstance<E, IN, R> implements JobInstance<E, WindowResult<R>> {
  private readonly generator: WatermarkGenerator
  private readonly operator: WindowOperator<Routed<E, IN>, R>
  private readonly join: IntervalJoinOperator<E, E, Routed<E, IN>> | undefined
  private readonly late: E[] = []
  private readonly count = { unreadableCarry: 0 }
  /** The event being processed: the cause of the pairs the join makes of it. */
  private current: E | undefined

  constructor(
    private readonly config: InstanceConfig<E, IN, R>,
    args: { readonly snapshot: Json | undefined; readonly carry: Json | undefined; readonly state: KeyedState },
  ) {
    this.generator = config.generator()
    let carry = decodeJobCarry(args.carry)
    if (typeof carry === 'string' || (carry !== undefined && this.generator.restore(carry.generator) !== undefined)) {
      this.count.unreadableCarry++
      carry = undefined
    }
    // Sessions restore from the carry (they outlive the Lambda window); other windows from the window's snapshot.
    const saved = config.sessions ? carry?.operator : (args.snapshot ?? undefined)
    let operator = buildOperator(config, saved)
    if (typeof operator === 'string') {
      if (!config.sessions) throw new SnapshotFormatError(operator) // the adapter reports it and reopens from the carry
      this.count.unreadableCarry++
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without a snapshot the build cannot fail: narrows the union
      operator = buildOperator(config, undefined) as WindowOperator<Routed<E, IN>, R>
    }
    this.operator = operator
    this.join = config.join === undefined ? undefined : this.openJoin(config.join, args.state)
    this.advance()
  }

  process(event: E): void {
    const ts = this.config.timestamp(event)
    const join = this.join
    if (join === undefined) {
      this.operator.processElement({ value: event as unknown as IN, ts, cause: event })
    } else {
      this.current = event
      if ((this.config.join as WindowJobJoin<E, IN>).side(event) === 'left') join.processLeft(event)
      else join.processRight(event)
      const out = join.takeOutputs()
      for (const routed of out.joined) this.operator.processElement(routed)
      for (const e of out.lateLeft) this.late.push(e)
      for (const e of out.lateRight) this.late.push(e)
    }
    this.generator.onEvent(ts)
    this.advance()
  }

  heartbeat(ts: number): void {
    this.generator.onHeartbeat(ts)
    this.advance()
  }

  estimatedBytes(): number {
    // Sessions never leave as partials (a session may still grow), so passing the budget must not flush them.
    return this.config.sessions ? 0 : this.operator.estimatedBytes()
  }

  flush(): FlushedAccumulator[] {
    return this.config.sessions ? [] : this.operator.flushPartials()
  }

  takeOutputs(): { emitted: WindowResult<R>[]; late: E[] } {
    const { results, late } = this.operator.takeOutputs()
    const joinLate = this.late.splice(0)
    for (const routed of late) joinLate.push(routed.cause)
    // Results of fixed windows cover one Lambda window only: their totals are the merged partials.
    return { emitted: this.config.sessions ? results : [], late: joinLate }
  }

  snapshot(): Json {
    return this.config.sessions ? null : this.operator.snapshot()
  }

  carry(): Json {
    return encodeJobCarry({ generator: this.generator.snapshot(), operator: this.config.sessions ? this.operator.snapshot() : undefined })
  }

  counters(): Readonly<Record<string, number>> {
    return this.count
  }

  /** Brings join and operator to the generator's watermark. */
  private advance(): void {
    const wm = this.generator.currentWatermark()
    this.join?.advanceWatermark(wm)
    this.operator.advanceWatermark(wm)
  }

  private openJoin(spec: WindowJobJoin<E, IN>, state: KeyedState): IntervalJoinOperator<E, E, Routed<E, IN>> {
    // eslint-disable-next-line prefer-const -- the store's watermark closure reads `join`, assigned once the store exists
    let join: IntervalJoinOperator<E, E, Routed<E, IN>> | undefined
    const bounds = { lower: spec.lowerBound, upper: spec.upperBound, lowerInclusive: spec.lowerInclusive ?? true, upperInclusive: spec.upperInclusive ?? true }
    const store = new PartitionKeyedJoinStore<E>(state, bounds, () => (join as IntervalJoinOperator<E, E, Routed<E, IN>>).watermark())
    join = intervalJoin({
      leftKey: spec.key,
      rightKey: spec.key,
      leftTimestamp: this.config.timestamp,
      rightTimestamp: this.config.timestamp,
      lowerBound: spec.lowerBound,
      upperBound: spec.upperBound,
      lowerInclusive: bounds.lowerInclusive,
      upperInclusive: bounds.upperInclusive,
      select: (left: E, right: E, _key, ts: number): Routed<E, IN> => ({ value: spec.select(left, right, ts), ts, cause: this.current as E }),
      store,
    })
    return join
  }
}
