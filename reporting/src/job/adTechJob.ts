import {
  createWindowOperator,
  restoreWindowOperator,
  tumblingWindows,
  type JobInstance,
  type ParseResult,
  type Json,
  type WindowJob,
  type WindowOperator,
} from '@sdp/aggregation-engine'
import { parseStreamRecord, type StampedAdEvent, type StampedLocation } from '@sdp/catalog'
import { adCounts, type AdCounts } from './adCounts.js'
import { applyEvent, emptyEntry, readEntry, type Contribution } from './transactionIndex.js'
import type { ReportingConfig } from '../config.js'

/** What the job reads from the stream: the ad events and the location pings (which it only passes on). */
export type AdTechInput = StampedAdEvent | StampedLocation

/**
 * What the job emits besides partials: every distinct event (once per type and tx_id) with the
 * counts it caused — an impression or click contribution is that event joined with its bid
 * (campaign, bid time and `app_uid`), whichever of the two arrived last — for the lake; and every
 * location ping, for the walk-in join. `sequenceNumber` is the record's, the identity of what it
 * forwards.
 */
export type AdTechOutput =
  | { readonly event: StampedAdEvent; readonly contributions: readonly Contribution<StampedAdEvent>[]; readonly sequenceNumber: string }
  | { readonly event: StampedLocation; readonly contributions: readonly []; readonly sequenceNumber: string }

/**
 * A stream record as the job's input: ad events keyed by their tx_id and location pings keyed by
 * their app_uid (the join entry is fetched by partition key, and lives on the partition key's shard).
 */
function parseAdTechRecord(value: unknown, partitionKey: string): ParseResult<AdTechInput> {
  const parsed = parseStreamRecord(value)
  if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason }
  const e = parsed.event
  if (e.type === 'heartbeat') return { kind: 'heartbeat', ts: e.ts }
  const [field, key] = e.type === 'location' ? ['app_uid', e.app_uid] : ['tx_id', e.tx_id]
  if (key === partitionKey) return { kind: 'event', event: e }
  return {
    kind: 'invalid',
    reason: `partition key ${JSON.stringify(partitionKey)} is not the ${field} ${JSON.stringify(key)}: producers must use the ${field} as partition key`,
  }
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
export function adTechJob(config: ReportingConfig): WindowJob<AdTechInput, AdTechOutput> {
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
    parse: parseAdTechRecord,
    // A transaction's join entry is keyed by its tx_id, which is the record's partition key.
    stateKeys: (partitionKey) => [partitionKey],
    open({ snapshot, carry, state }): JobInstance<AdTechInput, AdTechOutput> {
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
          if (event.type === 'location') {
            // Not a transaction event: it moves event time and goes on to the walk-in join.
            op.processHeartbeat(event.ts)
            emitted.push({ event, contributions: [], sequenceNumber: record.sequenceNumber })
            return
          }
          // The tx_id, checked equal in parse; the partition key's hash is already computed.
          const key = record.partitionKey
          const entry = readEntry(state.get(key)) ?? NO_ENTRY
          const kind = event.type
          const campaign = event.type === 'bid' ? event.campaign_item_id : undefined
          const appUid = event.type === 'bid' ? event.app_uid : undefined
          const result = applyEvent(entry, kind, event.ts, campaign, timeouts, event.type === 'imp' ? event.win_price : undefined, event, appUid)
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
          emitted.push({ event, contributions: result.contributions as CausedContribution[], sequenceNumber: record.sequenceNumber })
        },
        heartbeat: (ts) => op.processHeartbeat(ts),
        estimatedBytes: () => op.estimatedBytes(),
        flush: () => op.flushPartials(),
        takeOutputs() {
          const { late } = op.takeOutputs() // window results are not needed: the store merges partials
          return { emitted: emitted.splice(0), late: late.map((c): AdTechInput => c.cause) }
        },
        snapshot: (): Json => op.snapshot(),
        carry: (): Json => op.watermark(),
        counters: () => counters,
      }
    },
  }
}
