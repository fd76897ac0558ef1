import {
  createWindowOperator,
  restoreWindowOperator,
  tumblingWindows,
  type JobInstance,
  type Json,
  type WindowJob,
  type WindowOperator,
} from '@sdp/aggregation-engine'
import { applyPing, applyTouch, readWalkInEntry, type WalkIn, type WalkInBounds, type WalkInResult } from './walkInIndex.js'
import { walkInCounts, type WalkInCounts } from './walkInCounts.js'
import type { ReportingConfig } from '../config.js'

/** What the walk-in join reads: the forwards of stage 1 (see `walkInForwards`). */
export type WalkInInput =
  | { readonly type: 'location'; readonly ts: number }
  | { readonly type: 'imp' | 'click'; readonly tx_id: string; readonly campaign: number; readonly ts: number }

/** A walk-in or walk-in click with the `app_uid` it was joined on: a row of the lake. */
export interface WalkInOutput extends WalkIn {
  readonly appUid: string
}

/**
 * How far behind the newest event time of an `app_uid` a ping, impression or click may arrive and
 * still join: a forward waits up to a stage-1 window, and stage-1 shards run at different paces.
 */
export const WALKIN_DISORDER_MS = 600_000

const stateKey = (appUid: string) => `u|${appUid}`

/** A forward from its JSON value, or the reason it is not one. */
function parseForward(value: unknown): WalkInInput | string {
  const v = value as Record<string, unknown> | null
  if (typeof v !== 'object' || v === null || !Number.isSafeInteger(v.ts)) return 'a walk-in forward must be an object with an integer ts'
  if (v.type === 'location') return { type: 'location', ts: v.ts as number }
  if ((v.type === 'imp' || v.type === 'click') && typeof v.tx_id === 'string' && Number.isSafeInteger(v.campaign)) {
    return { type: v.type, tx_id: v.tx_id, campaign: v.campaign as number, ts: v.ts as number }
  }
  return 'a walk-in forward must be a location, or an imp or click with tx_id and campaign'
}

/**
 * The walk-in join (docs/architecture.md, "Walk-ins"), the job of the stream keyed by `app_uid`:
 * each forward updates its `app_uid`'s entry in the state backend (see `walkInIndex`), and the
 * walk-ins that become true are counted per campaign in tumbling event-time periods, whose
 * accumulators `[0, 0, 0, walkins, walkin_clicks]` leave as partials for stage 2.
 */
export function walkInJob(config: ReportingConfig): WindowJob<WalkInInput, WalkInOutput> {
  const options = {
    keyBy: (w: WalkIn) => w.campaign,
    timestamp: (w: WalkIn) => w.ts,
    assigner: tumblingWindows({ size: config.periodMs }),
    aggregate: walkInCounts,
    allowedLateness: config.allowedLatenessMs,
    watermark: { bound: config.watermarkBoundMs },
    accumulatorBytes: 20,
  }
  const bounds: WalkInBounds = { timeoutMs: config.locationsTimeoutMs, disorderMs: WALKIN_DISORDER_MS }
  return {
    name: 'walk-ins',
    version: 1,
    parse(value) {
      const v = value as { type?: unknown; ts?: unknown } | null
      if (v?.type === 'heartbeat' && Number.isSafeInteger(v.ts)) return { kind: 'heartbeat', ts: v.ts as number }
      const parsed = parseForward(value)
      return typeof parsed === 'string' ? { kind: 'invalid', reason: parsed } : { kind: 'event', event: parsed }
    },
    stateKeys: (appUid) => [stateKey(appUid)],
    open({ snapshot, carry, state }): JobInstance<WalkInInput, WalkInOutput> {
      let operator: WindowOperator<WalkIn, WalkInCounts> | undefined
      if (snapshot !== undefined) {
        const restored = restoreWindowOperator(options, snapshot)
        if (!restored.ok) throw restored.error
        operator = restored.operator
      }
      if (!operator) {
        operator = createWindowOperator(options)
        if (typeof carry === 'number') operator.advanceWatermark(carry)
      }
      const op = operator
      const emitted: WalkInOutput[] = []
      const counters = { pings: 0, touches: 0, walkIns: 0, walkInClicks: 0 }
      return {
        process(event, record) {
          const key = stateKey(record.partitionKey)
          const entry = readWalkInEntry(state.get(key))
          let result: WalkInResult
          if (event.type === 'location') {
            counters.pings++
            result = applyPing(entry, event.ts, bounds)
          } else {
            counters.touches++
            result = applyTouch(entry, event.type, event.ts, event.campaign, event.tx_id, bounds)
          }
          state.set(key, result.entry)
          op.processHeartbeat(event.ts)
          for (const w of result.walkIns) {
            if (w.kind === 'imp') counters.walkIns++
            else counters.walkInClicks++
            op.processElement(w)
            emitted.push({ ...w, appUid: record.partitionKey })
          }
        },
        heartbeat: (ts) => op.processHeartbeat(ts),
        estimatedBytes: () => op.estimatedBytes(),
        flush: () => op.flushPartials(),
        takeOutputs() {
          op.takeOutputs() // late walk-ins still count: the window's allowed lateness merges them, later ones are dropped
          return { emitted: emitted.splice(0), late: [] }
        },
        snapshot: (): Json => op.snapshot(),
        carry: (): Json => op.watermark(),
        counters: () => counters,
      }
    },
  }
}
