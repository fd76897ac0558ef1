import {
  createWindowOperator,
  restoreWindowOperator,
  tumblingWindows,
  type JobInstance,
  type Json,
  type WindowJob,
  type WindowOperator,
} from '@sdp/aggregation-engine'
import { parseStreamRecord, type StampedAdEvent } from '@sdp/catalog'
import { adCounts, type AdCounts } from './adCounts.js'
import { applyEvent, emptyEntry, readEntry, type Contribution } from './transactionIndex.js'
import type { ReportingConfig } from '../config.js'

/**
 * What the job emits besides partials, for the lake: every distinct event (once per type and
 * tx_id), and the counts it caused — an impression or click contribution is that event joined
 * with its bid (campaign and bid time), whichever of the two arrived last.
 */
export interface AdTechOutput {
  readonly event: StampedAdEvent
  readonly contributions: readonly Contribution<StampedAdEvent>[]
}

/** The entry of a transaction seen first; shared, as `applyEvent` never changes the entry it is given. */
const NO_ENTRY = emptyEntry()

/** A count with the event that caused it, so a late count can be reported as its event. */
type CausedContribution = Contribution<StampedAdEvent>

/**
 * The ad-tech job on the engine (see docs/architecture.md, "Joins across windows"): each event updates its transaction's
 * entry in the external join index (de-duplicating by type and tx_id); the counts that become
 * true go into a tumbling event-time window operator keyed by campaign, whose accumulators leave
 * as partials at every flush. Watermark: bounded out-of-orderness over every event and heartbeat.
 */
export function adTechJob(config: ReportingConfig): WindowJob<StampedAdEvent, AdTechOutput> {
  const options = {
    keyBy: (c: CausedContribution) => c.campaign,
    timestamp: (c: CausedContribution) => c.ts,
    assigner: tumblingWindows({ size: config.periodMs }),
    aggregate: adCounts,
    allowedLateness: config.allowedLatenessMs,
    watermark: { bound: config.watermarkBoundMs },
    accumulatorBytes: 12,
  }
  const timeouts = { bidTimeoutMs: config.bidTimeoutMs, clickTimeoutMs: config.clickTimeoutMs }
  return {
    name: 'ad-tech-counts',
    version: 1,
    parse(value, partitionKey) {
      const parsed = parseStreamRecord(value)
      if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason }
      const e = parsed.event
      if (e.type === 'heartbeat') return { kind: 'heartbeat', ts: e.ts }
      // The join entry is fetched by partition key (and lives on the partition key's shard).
      if (e.tx_id !== partitionKey) {
        return {
          kind: 'invalid',
          reason: `partition key ${JSON.stringify(partitionKey)} is not the tx_id ${JSON.stringify(e.tx_id)}: producers must use the tx_id as partition key`,
        }
      }
      return { kind: 'event', event: e }
    },
    // A transaction's join entry is keyed by its tx_id, which is the record's partition key.
    stateKeys: (partitionKey) => [partitionKey],
    open({ snapshot, carry, state }): JobInstance<StampedAdEvent, AdTechOutput> {
      let operator: WindowOperator<CausedContribution, AdCounts> | undefined
      if (snapshot !== undefined) {
        const restored = restoreWindowOperator(options, snapshot)
        if (!restored.ok) throw restored.error // the adapter reports it and reopens from the carry
        operator = restored.operator
      }
      if (!operator) {
        operator = createWindowOperator(options)
        if (typeof carry === 'number') operator.advanceWatermark(carry)
      }
      const op = operator
      const emitted: AdTechOutput[] = []
      const counters = { duplicates: 0, unjoinedOnArrival: 0, lateJoins: 0 }
      return {
        process(event, record) {
          // The tx_id, checked equal in parse; the partition key's hash is already computed.
          const key = record.partitionKey
          const entry = readEntry(state.get(key)) ?? NO_ENTRY
          const kind = event.type
          const campaign = event.type === 'bid' ? event.campaign_item_id : undefined
          const result = applyEvent(entry, kind, event.ts, campaign, timeouts, event.type === 'imp' ? event.win_price : undefined, event)
          if (result.duplicate) {
            counters.duplicates++
            return
          }
          state.set(key, result.entry)
          if (kind !== 'bid' && result.entry[0] === null) counters.unjoinedOnArrival++
          if (kind === 'bid' && result.contributions.length > 1) counters.lateJoins += result.contributions.length - 1
          // Event time advances with every event, counted or not (a held impression still moves time).
          if (result.contributions.length === 0) op.processHeartbeat(event.ts)
          for (const c of result.contributions) op.processElement(c as CausedContribution)
          emitted.push({ event, contributions: result.contributions as CausedContribution[] })
        },
        heartbeat: (ts) => op.processHeartbeat(ts),
        estimatedBytes: () => op.estimatedBytes(),
        flush: () => op.flushPartials(),
        takeOutputs() {
          const { late } = op.takeOutputs() // window results are not needed: the store merges partials
          return { emitted: emitted.splice(0), late: late.map((c) => c.cause) }
        },
        snapshot: (): Json => op.snapshot(),
        carry: (): Json => op.watermark(),
        counters: () => counters,
      }
    },
  }
}
