import {
  boundedOutOfOrderness,
  intervalJoin,
  slotKeys,
  SlottedKeyedStateStore,
  type DefinedWindowJob,
  type IntervalJoinOperator,
  type IntervalJoinOptions,
  type JobInstance,
  type Json,
  type KeyedState,
  type KeyedStateStore,
  type ParseResult,
  type RecordContext,
} from '@sdp/aggregation-engine'
import type { Row } from './evaluate.js'

/** A row of a LEFT OUTER join: the left event and its right one, or `{}` (every column NULL) for a left row nothing joined. */
export type JoinedRow = readonly [Row, Row]

/** What the join in front of the window needs to know. */
export interface LeftOuterJoinSpec<E> {
  readonly name: string
  readonly version: number
  /** The job's parse: events of the join's two tables, heartbeats for everything else. */
  readonly parse: (value: unknown, partitionKey: string) => ParseResult<E>
  readonly side: (event: E) => 'left' | 'right'
  /** The join key: the record's partition key. */
  readonly key: (event: E) => string
  readonly timestamp: (event: E) => number
  /** `left.ts + lowerBound <= right.ts <= left.ts + upperBound`. */
  readonly lowerBound: number
  readonly upperBound: number
  /** Bounded out-of-orderness of the join's watermark. */
  readonly watermarkBound: number
  /** WHERE conditions that read the right side: they filter joined rows, after the join, as SQL does. */
  readonly keep?: (row: JoinedRow) => boolean
}

/** The join's per-key state, as the engine's interval join keeps it. */
type JoinState<E> = NonNullable<IntervalJoinOptions<E, E, JoinedRow>['store']> extends KeyedStateStore<infer S> ? S : never

/** The record context of rows a heartbeat lets out of the join: the window job reads none of it. */
const HEARTBEAT: RecordContext = { shardId: '', sequenceNumber: '', partitionKey: '', arrivalTime: 0 }

/** Slots of the ring that holds the join's state (every record declares them, so a quiet shard still resolves its losses). */
const SLOTS = 32
const SLOT_PREFIX = 'sql-join:'

/**
 * How long the window waits behind the join's watermark: a row's time is its left event's, and a
 * left event can still come out of the join (joined, or alone) until the watermark passes
 * `left.ts + upperBound`. Flink's interval join holds back its output watermark the same way.
 */
export const leftOuterDelay = (upperBound: number): number => Math.max(0, upperBound)

/**
 * A LEFT OUTER interval join in front of a window job whose elements are the joined rows, timed
 * by their left event: the engine's interval join (`outer: 'left'`) with its per-key state in a
 * ring of slots of external keyed state, so the watermark can emit a left row nothing joined on
 * any key, also from a heartbeat on a quiet shard. Each left row leaves the join once: with every
 * right row that joined it, or alone with `{}` when the watermark passes its upper bound.
 *
 * The window job gets each row before its own watermark moves, and that watermark is the join's
 * held back by {@link leftOuterDelay}: no row is ever late for its window.
 *
 * @param windowJob a job over {@link JoinedRow}s whose watermark bound is `watermarkBound + leftOuterDelay(upperBound)`; its parse is not used
 */
export function leftOuterJoined<E, R>(spec: LeftOuterJoinSpec<E>, windowJob: DefinedWindowJob<JoinedRow, R>): DefinedWindowJob<E, R> {
  const keys = slotKeys(SLOT_PREFIX, SLOTS)
  const span = Math.max(spec.upperBound, -spec.lowerBound, 0) + spec.watermarkBound + 1
  const slotMs = Math.max(1_000, Math.ceil(span / SLOTS))
  return {
    name: spec.name,
    version: spec.version,
    parse: spec.parse,
    stateKeys: () => keys,
    accumulators: windowJob.accumulators,
    allowedLateness: windowJob.allowedLateness,
    open: ({ snapshot, carry, state }) => openJoined(spec, windowJob, slotMs, { snapshot, carry, state }),
  }
}

/** The carry: the join's watermark and the window job's own carry. */
interface JoinedCarry {
  readonly joinTime: Json
  readonly windowCarry: Json
}

const isCarry = (value: unknown): value is JoinedCarry => typeof value === 'object' && value !== null && 'joinTime' in value && 'windowCarry' in value

function openJoined<E, R>(
  spec: LeftOuterJoinSpec<E>,
  windowJob: DefinedWindowJob<JoinedRow, R>,
  slotMs: number,
  args: { readonly snapshot: Json | undefined; readonly carry: Json | undefined; readonly state: KeyedState },
): JobInstance<E, R> {
  const watermark = boundedOutOfOrderness({ bound: spec.watermarkBound })
  const counters = { unreadableJoinCarry: 0, joined: 0, unmatched: 0, filtered: 0 }
  const carried = isCarry(args.carry) ? args.carry : undefined
  // A carry this job cannot read starts the join's time afresh (counted), as the engine's jobs do.
  if (args.carry !== undefined && carried === undefined) counters.unreadableJoinCarry++
  else if (carried !== undefined) {
    const error = watermark.restore(carried.joinTime)
    if (error !== undefined) counters.unreadableJoinCarry++
  }
  const window = windowJob.open({ snapshot: args.snapshot, carry: carried?.windowCarry, state: args.state })
  const store = new SlottedKeyedStateStore<JoinState<E>>(args.state, {
    slots: SLOTS,
    slotMs,
    prefix: SLOT_PREFIX,
    now: () => watermark.currentWatermark(),
    firedBefore: watermark.currentWatermark(),
  })
  const join: IntervalJoinOperator<E, E, JoinedRow> = intervalJoin({
    leftKey: spec.key,
    rightKey: spec.key,
    leftTimestamp: spec.timestamp,
    rightTimestamp: spec.timestamp,
    lowerBound: spec.lowerBound,
    upperBound: spec.upperBound,
    outer: 'left',
    select: (left: E, right: E): JoinedRow => [left as Row, right as Row],
    store,
  })
  const late: E[] = []
  let started = false
  /** Hands the join's rows to the window, then moves the window's time: the rows are never behind it. */
  const forward = (ts: number, record: RecordContext) => {
    const out = join.takeOutputs()
    const rows = [...out.joined, ...out.unmatched.map((u): JoinedRow => [u.left as Row, {}])]
    counters.joined += out.joined.length
    counters.unmatched += out.unmatched.length
    for (const row of rows) {
      if (spec.keep !== undefined && !spec.keep(row)) counters.filtered++
      else window.process(row, record)
    }
    late.push(...out.lateLeft, ...out.lateRight)
    window.heartbeat(ts)
  }
  // The first record brings the join to the carried watermark: the slots are only readable once a record declared them.
  const start = () => {
    if (started) return
    started = true
    join.advanceWatermark(watermark.currentWatermark())
  }
  return {
    process(event, record) {
      start()
      if (spec.side(event) === 'left') join.processLeft(event)
      else join.processRight(event)
      watermark.onEvent(spec.timestamp(event))
      join.advanceWatermark(watermark.currentWatermark())
      forward(spec.timestamp(event), record)
    },
    heartbeat(ts) {
      start()
      watermark.onHeartbeat(ts)
      join.advanceWatermark(watermark.currentWatermark())
      forward(ts, HEARTBEAT)
    },
    estimatedBytes: () => window.estimatedBytes(),
    flush: () => window.flush(),
    takeOutputs() {
      if (started) store.commit(watermark.currentWatermark())
      const inner = window.takeOutputs()
      // A row late for its window cannot happen (see leftOuterJoined); were it to, its left event is what was not counted.
      return { emitted: inner.emitted, late: [...late.splice(0), ...inner.late.map((row) => row[0] as E)] }
    },
    snapshot: () => window.snapshot(),
    carry: (): Json => ({ joinTime: watermark.snapshot(), windowCarry: window.carry() }),
    counters: () => ({ ...window.counters(), ...counters, unreadableSlots: store.unreadable }),
  }
}
