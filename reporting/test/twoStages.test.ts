// The two stages of the ad-tech job wired as on Lambda (stage 1's real window handler flushing
// onto a partials stream, stage 2's real merge handler) with the state backends over an in-memory
// object store: whatever the number of stage-1 shards, stage 2 writes the same items, at most one
// per (campaign, period) pair touched and roll-up level, and none of them grows with shards.
import t from 'tap'
import { silentTelemetry } from '@sdp/service-kit'
import { createHash } from 'node:crypto'
import type { Json, KinesisWindowEvent, PartialAccumulator } from '@sdp/aggregation-engine'
import {
  DeadLetterSink,
  SegmentStateBackend,
  createMergeHandler,
  createWindowHandler,
  isLastingStateKey,
  packPartials,
  type ResultItem,
} from '@sdp/stream-runtime'
import { MemoryObjectStore } from '../../test-support/memoryObjectStore.js'
import { resultItemId } from '../../test-support/resultItemId.js'
import { adTechJob } from '../src/job/adTechJob.js'
import { adCounts, type AdCounts } from '../src/job/adCounts.js'
import { DEFAULT_REPORTING_CONFIG } from '../src/config.js'

const BASE = Date.UTC(2026, 11, 7, 10)
const seq = (n: number) => `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`
const ROLLUP_LEVELS = 5 // head, hour, day, month, directory slot

/** Bids, impressions and clicks of 3,000 transactions over 40 campaigns and three hours, in event-time order. */
function events() {
  const out: Array<{ type: string; tx_id: string; ts: number; campaign_item_id?: number; domain?: string; app_uid?: string; win_price?: number }> = []
  for (let i = 0; i < 3000; i++) {
    const ts = BASE + i * 3600
    out.push({ type: 'bid', tx_id: `tx-${i}`, ts, campaign_item_id: 1 + ((i * 7) % 40), domain: 'd.com', app_uid: 'u' })
    if (i % 3 === 0) out.push({ type: 'imp', tx_id: `tx-${i}`, ts: ts + 500, win_price: 2 })
    if (i % 9 === 0) out.push({ type: 'click', tx_id: `tx-${i}`, ts: ts + 900 })
  }
  return out.sort((a, b) => a.ts - b.ts)
}

/** Runs stage 1 over `shards` shards (by the tx_id's hash) in Lambda windows of ten minutes; returns each invocation's flushed partials. */
type Flush = { partials: readonly PartialAccumulator[]; shardId: string; window: number }

async function stage1(shards: number): Promise<Flush[]> {
  const store = new MemoryObjectStore()
  const flushed: Flush[] = []
  let current = 0
  const handler = createWindowHandler({
    job: adTechJob(DEFAULT_REPORTING_CONFIG),
    state: new SegmentStateBackend({ store, prefix: 'state/reporting', ancestors: async () => [], retentionMs: 3_600_000 }),
    partials: { write: async (partials, shardId) => void flushed.push({ partials, shardId, window: current }) },
    deadLetters: new DeadLetterSink(store, 'reporting'),
    telemetry: silentTelemetry(),
  })
  const byShard = new Map<number, ReturnType<typeof events>>()
  for (const e of events()) {
    const shard = createHash('md5').update(e.tx_id).digest().readUInt32BE(0) % shards
    byShard.set(shard, [...(byShard.get(shard) ?? []), e])
  }
  for (const [shard, list] of byShard) {
    const shardId = `shardId-${String(shard).padStart(12, '0')}`
    let state: KinesisWindowEvent['state'] = {}
    for (let w = 0; w * 600_000 < 4 * 3_600_000; w++) {
      current = w
      const records = list.filter((e) => e.ts >= BASE + w * 600_000 && e.ts < BASE + (w + 1) * 600_000)
      const window = { start: new Date(BASE + w * 600_000).toISOString(), end: new Date(BASE + (w + 1) * 600_000).toISOString() }
      const first = list.indexOf(records[0] as (typeof list)[number])
      const Records = records.map((e, i) => ({
        kinesis: {
          data: Buffer.from(JSON.stringify(e)).toString('base64'),
          partitionKey: e.tx_id,
          sequenceNumber: seq(first + i + 1),
          approximateArrivalTimestamp: e.ts / 1000,
        },
      }))
      state = (await handler({ shardId, window, state, Records, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false })).state
      state = (await handler({ shardId, window, state, Records: [], isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })).state
    }
  }
  return flushed
}

/**
 * Runs stage 2 over the packed partials, one Lambda window per stage-1 window; returns the final
 * value of each item and, per window, the writes and the (campaign, period) pairs it touched.
 */
async function stage2(flushed: Flush[]) {
  const store = new MemoryObjectStore()
  const written: ResultItem[] = []
  const final = new Map<string, string>()
  const handler = createMergeHandler({
    name: 'merge',
    merge: (a: Json, b: Json) => adCounts.merge([...(a as AdCounts)], b as AdCounts),
    state: new SegmentStateBackend({ store, prefix: 'state/merge', ancestors: async () => [], retentionMs: 3 * 86_400_000, keep: isLastingStateKey }),
    results: {
      write: async (items) => {
        written.push(...items)
        for (const i of items) final.set(resultItemId(i), JSON.stringify(i))
        return { written: items.length, stale: 0 }
      },
    },
    deadLetters: new DeadLetterSink(store, 'merge'),
    ancestors: async () => [],
    horizonMs: 2 * 86_400_000,
    telemetry: silentTelemetry(),
  })
  const windows: Array<{ writes: number; pairs: number; largest: number }> = []
  let state: KinesisWindowEvent['state'] = {}
  let n = 0
  let records = 0
  for (let w = 0; w <= Math.max(...flushed.map((f) => f.window)); w++) {
    const these = flushed.filter((f) => f.window === w)
    const packed = these.flatMap((f) => packPartials(f.partials, f.shardId).flat())
    records += packed.length
    const Records = packed.map((r) => ({
      kinesis: {
        data: Buffer.from(JSON.stringify(r)).toString('base64'),
        partitionKey: `b${r.bucket}`,
        sequenceNumber: seq(++n),
        approximateArrivalTimestamp: (BASE + 5 * 3_600_000) / 1000,
      },
    }))
    const before = written.length
    const window = { start: String(w), end: String(w + 1) }
    ;({ state } = await handler({ shardId: 'shardId-000000000000', window, state, Records, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false }))
    ;({ state } = await handler({ shardId: 'shardId-000000000000', window, state, Records: [], isFinalInvokeForWindow: true, isWindowTerminatedEarly: false }))
    const items = written.slice(before)
    const pairs = new Set(these.flatMap((f) => f.partials.map((p) => `${String(p.key)}|${p.window.start}`))).size
    windows.push({ writes: items.length, pairs, largest: Math.max(0, ...items.map((i) => JSON.stringify(i).length)) })
  }
  return { final: [...final.values()].sort(), windows, records }
}

t.test('stage 2 writes the same bounded items whatever the number of stage-1 shards', async (t) => {
  const byShards = new Map<number, Awaited<ReturnType<typeof stage2>>>()
  for (const shards of [1, 2, 8]) byShards.set(shards, await stage2(await stage1(shards)))
  const one = byShards.get(1) as Awaited<ReturnType<typeof stage2>>
  for (const [shards, run] of byShards) {
    const over = run.windows.filter((w) => w.writes > w.pairs * ROLLUP_LEVELS)
    t.same(over, [], `${shards} shards: no window writes more than its (campaign, period) pairs × ${ROLLUP_LEVELS} levels`)
    t.same(run.final, one.final, `${shards} shards: the same final items as with one shard`)
    const largest = Math.max(...run.windows.map((w) => w.largest))
    t.ok(largest < 2048, `${shards} shards: largest item ${largest} bytes, bounded by the periods of an hour and the hours of a day, not by shards`)
  }
  const entries = one.final.map((i) => JSON.parse(i) as ResultItem).flatMap((i) => (i.kind === 'directory' ? Object.values(i.entries) : []))
  t.equal(entries.length, 40, 'every campaign in the directory')
  t.equal(
    entries.reduce((s, [value]) => s + ((value as number[])[0] ?? 0), 0),
    3000,
    'every bid counted once',
  )
  t.ok((byShards.get(8)?.records ?? 0) > one.records, 'more stage-1 shards send more packed records, not more writes')
})
