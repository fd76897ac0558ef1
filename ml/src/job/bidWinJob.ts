import {
  boundedOutOfOrderness,
  intervalJoin,
  slotKeys,
  SlottedKeyedStateStore,
  type IntervalJoinOperator,
  type JobInstance,
  type Json,
  type KeyedState,
  type RecordContext,
  type WatermarkGenerator,
  type WindowJob,
} from '@sdp/aggregation-engine'
import { parseStreamRecord, type StreamRecord } from '@sdp/catalog'
import { JOIN_SLOT_MS, JOIN_SLOTS } from '../constants.js'
import { MlError } from '../errors.js'
import { closingWins, type ClosingWinsStore } from './_internal/closingWins.js'
import { copyJoinEntry, featuresOfElement, toBidElement, toImpressionElement, type BidElement, type ImpressionElement, type JoinEntry } from './joinElements.js'
import type { TrainingExample } from './TrainingExample.js'

/** Settings of the example job (README, "Configuration"). */
export interface BidWinJobConfig {
  /** A bid whose impression has not arrived this long after it is lost. `BID_SESSION_TIMEOUT_SECONDS`. */
  readonly bidTimeoutMs: number
  /** An impression stamped up to this long before its bid still joins (clock skew). `BID_IMPRESSION_SKEW_SECONDS`. */
  readonly impressionSkewMs: number
  /** Bounded out-of-orderness of the watermark. `WATERMARK_BOUND_SECONDS`. */
  readonly watermarkBoundMs: number
}

const SLOT_PREFIX = 'join:'
const KEYS = slotKeys(SLOT_PREFIX, JOIN_SLOTS)

/**
 * The training-example job on the engine: a LEFT-OUTER interval join of bids (left) and
 * impressions (right) by `tx_id`, with `impression.ts ∈ [bid.ts − skew, bid.ts + timeout]`, whose
 * per-key state lives in external keyed state (a {@link SlottedKeyedStateStore}) and whose
 * watermark (bounded out-of-orderness over every record, heartbeats included) rides in the carry.
 *
 * - Every bid becomes an example once its label is final: when the watermark passes
 *   `bid.ts + timeout` — a win if its impression joined by then, a loss if not. Wins wait in the
 *   join's state until that moment like losses do (the join keeps a joined bid until then anyway),
 *   and the examples of one watermark step come out by bid time, so the examples of a shard are
 *   in bid-time order across wins and losses: the label mix the learner sees is the market's,
 *   not the order in which labels happened to arrive. Any record moves the watermark, so
 *   heartbeats resolve the bids of a quiet shard.
 * - Features come from the bid alone; an impression enters the join as `[tx_id, ts]` only.
 * - Duplicates (the same bid or impression again while its transaction is in the join) are
 *   skipped; bids and impressions behind the watermark are late (side output, never trained).
 *
 * Heartbeats are parsed as events, not as adapter heartbeats, because only events may touch the
 * external keys the join needs to fire timeouts. Nothing rides in the Lambda `state`, so outputs
 * never depend on where Lambda window edges fall.
 *
 * @example
 * const job = bidWinJob({ bidTimeoutMs: 300_000, impressionSkewMs: 0, watermarkBoundMs: 5_000 })
 * const result = runWindowInvocation(event, job, fetched) // fetched: the keys of planWindowInvocation(event, job)
 * result.emitted // TrainingExample[]
 */
export function bidWinJob(config: BidWinJobConfig): WindowJob<StreamRecord, TrainingExample> {
  const { bidTimeoutMs, impressionSkewMs, watermarkBoundMs } = config
  for (const [name, v] of Object.entries({ bidTimeoutMs, impressionSkewMs, watermarkBoundMs })) {
    if (!Number.isSafeInteger(v) || v < 0) throw new MlError(`${name} must be a non-negative integer number of milliseconds, got ${String(v)}`)
  }
  if (bidTimeoutMs < 1) throw new MlError('bidTimeoutMs must be positive')
  return {
    name: 'bid-win-examples',
    version: 1,
    parse(value) {
      const parsed = parseStreamRecord(value)
      return parsed.ok ? { kind: 'event', event: parsed.event } : { kind: 'invalid', reason: parsed.reason }
    },
    stateKeys: () => KEYS,
    open: ({ carry, state }) => openBidWinInstance(config, carry, state),
  }
}

/** Counts the job reports in its logs. */
type BidWinCounters = ReturnType<typeof newCounters>

const newCounters = () => ({
  bids: 0,
  impressions: 0,
  clicks: 0,
  locations: 0,
  heartbeats: 0,
  joined: 0,
  wins: 0,
  losses: 0,
  duplicates: 0,
  lateBids: 0,
  lateImpressions: 0,
  unreadableCarry: 0,
  unreadableSlots: 0,
})

/** What one invocation of the job works on. */
interface BidWinRun {
  readonly watermark: WatermarkGenerator
  readonly counters: BidWinCounters
  readonly store: SlottedKeyedStateStore<JoinEntry>
  readonly closing: ClosingWinsStore
  readonly join: IntervalJoinOperator<BidElement, ImpressionElement, BidElement>
  readonly emitted: TrainingExample[]
  readonly late: StreamRecord[]
}

/** One invocation: the carried watermark, the join over the slotted external state, and the outputs collected so far. */
function openBidWinInstance(config: BidWinJobConfig, carry: Json | undefined, state: KeyedState): JobInstance<StreamRecord, TrainingExample> {
  const watermark = boundedOutOfOrderness({ bound: config.watermarkBoundMs })
  const counters = newCounters()
  if (carry !== undefined && watermark.restore(carry) !== undefined) counters.unreadableCarry++
  const store = new SlottedKeyedStateStore<JoinEntry>(state, {
    slots: JOIN_SLOTS,
    slotMs: JOIN_SLOT_MS,
    prefix: SLOT_PREFIX,
    now: () => watermark.currentWatermark(),
    firedBefore: watermark.currentWatermark(),
    copy: copyJoinEntry,
  })
  const closing = closingWins(store, config.bidTimeoutMs)
  const run: BidWinRun = { watermark, counters, store, closing, join: bidImpressionJoin(closing, config), emitted: [], late: [] }
  let started = false
  return {
    process(event, record) {
      // The first record of the invocation brings the join to the carried watermark (only events may read slots).
      if (!started) {
        started = true
        run.join.advanceWatermark(watermark.currentWatermark())
      }
      feedJoin(run, event)
      run.join.advanceWatermark(watermark.currentWatermark())
      collectFinal(run, record, event)
    },
    // Never called (heartbeats parse as events); time still moves if an adapter calls it.
    heartbeat: (ts) => watermark.onHeartbeat(ts),
    estimatedBytes: () => 0,
    flush: () => [],
    takeOutputs() {
      if (started) store.commit(watermark.currentWatermark())
      return { emitted: run.emitted.splice(0), late: run.late.splice(0) }
    },
    snapshot: (): Json => null,
    carry: (): Json => watermark.snapshot(),
    // Overrides the adapter's `events`, which counts heartbeats too (they parse as events): logs count them apart, as for any job.
    counters: () => ({ ...counters, events: counters.bids + counters.impressions + counters.clicks, unreadableSlots: store.unreadable }),
  }
}

/** The LEFT-OUTER interval join of bids and impressions by tx id, over the closing-wins store. */
function bidImpressionJoin(closing: ClosingWinsStore, config: BidWinJobConfig): IntervalJoinOperator<BidElement, ImpressionElement, BidElement> {
  return intervalJoin({
    leftKey: (b: BidElement) => b[0],
    rightKey: (i: ImpressionElement) => i[0],
    leftTimestamp: (b) => b[1],
    rightTimestamp: (i) => i[1],
    lowerBound: -config.impressionSkewMs,
    upperBound: config.bidTimeoutMs,
    outer: 'left',
    // Only the bid leaves the join: nothing of the impression can become a feature.
    select: (bid) => bid,
    store: closing,
  })
}

/** Moves the watermark and hands a bid or impression to the join, unless it duplicates one the join holds. */
function feedJoin({ watermark, counters, store, join }: BidWinRun, event: StreamRecord): void {
  if (event.type === 'heartbeat') {
    counters.heartbeats++
    watermark.onHeartbeat(event.ts)
    return
  }
  watermark.onEvent(event.ts)
  if (event.type === 'bid') {
    counters.bids++
    if (store.get(event.tx_id)?.l.length) counters.duplicates++
    else join.processLeft(toBidElement(event))
  } else if (event.type === 'imp') {
    counters.impressions++
    const entry = store.get(event.tx_id)
    if (entry && (entry.r.length > 0 || entry.l.some((e) => e[1] === 1))) counters.duplicates++
    else join.processRight(toImpressionElement(event))
  } else if (event.type === 'click') counters.clicks++
  else counters.locations++
}

const example = (bid: BidElement, label: 0 | 1, seq: string): TrainingExample => ({
  seq,
  txId: bid[0],
  label,
  bidTs: bid[1],
  bid: featuresOfElement(bid),
})

/** Emits the bids whose label became final (wins and losses together, by bid time) and sets late records aside. */
function collectFinal({ join, closing, counters, emitted, late }: BidWinRun, record: RecordContext, event: StreamRecord): void {
  const out = join.takeOutputs()
  // A join is only counted here: the win becomes an example when its interval closes, with the losses of that moment.
  counters.joined += out.joined.length
  const closed = closing.takeClosedWins()
  const final = [
    ...closed.map((w) => ({ ts: w.ts, key: w.key, bid: w.bid, label: 1 as const })),
    ...out.unmatched.map((u) => ({ ts: u.ts, key: String(u.key), bid: u.left, label: 0 as const })),
  ]
  // Bid time, then tx id: the order the join gives the losses of one step, now across both labels.
  final.sort((a, b) => a.ts - b.ts || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  for (const f of final) emitted.push(example(f.bid, f.label, record.sequenceNumber))
  counters.wins += closed.length
  counters.losses += out.unmatched.length
  counters.lateBids += out.lateLeft.length
  counters.lateImpressions += out.lateRight.length
  if (out.lateLeft.length + out.lateRight.length > 0) late.push(event)
}
