/**
 * Properties of the window operator against brute-force references: random keys and timestamps,
 * out-of-order arrival within and beyond the bound, random heartbeats, flushes and snapshots.
 */
import fc from 'fast-check'
import t from 'tap'
import { sessionWindows } from '../../src/assigners/sessionWindows.js'
import { slidingWindows } from '../../src/assigners/slidingWindows.js'
import { tumblingWindows } from '../../src/assigners/tumblingWindows.js'
import type { WindowAssigner } from '../../src/assigners/WindowAssigner.js'
import { createWindowOperator } from '../../src/operator/createWindowOperator.js'
import { restoreWindowOperator } from '../../src/operator/restoreWindowOperator.js'
import { continuousEventTimeTrigger } from '../../src/triggers/continuousEventTimeTrigger.js'
import { countTrigger } from '../../src/triggers/countTrigger.js'
import { eventTimeTrigger } from '../../src/triggers/eventTimeTrigger.js'
import { processingTimeTrigger } from '../../src/triggers/processingTimeTrigger.js'
import { purging } from '../../src/triggers/purging.js'
import type { Key, TimeWindow } from '../../src/types.js'
import { mergeWindows } from '../../src/windows/mergeWindows.js'
import {
  cellId,
  drive,
  idsAggregate,
  itemsArb,
  latestResults,
  mergePartials,
  newTrace,
  referenceGroupBy,
  referenceSessions,
  sortedEntries,
  type Ev,
  type Item,
} from './_support.js'

const END_OF_TIME = Number.MAX_SAFE_INTEGER

/** Tumbling or sliding event-time windows with offsets, bounds and lateness. */
const alignedConfig = fc
  .record({
    sliding: fc.boolean(),
    size: fc.integer({ min: 1, max: 20 }),
    slidePart: fc.integer({ min: 1, max: 20 }),
    offsetPart: fc.integer({ min: -100, max: 100 }),
    bound: fc.integer({ min: 0, max: 15 }),
    lateness: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ sliding, size, slidePart, offsetPart, bound, lateness }) => {
    const slide = sliding ? 1 + (slidePart % size) : size
    const offset = offsetPart % slide
    const assigner = sliding ? slidingWindows({ size, slide, offset }) : tumblingWindows({ size, offset })
    return { size, slide, offset, bound, lateness, assigner }
  })

const operatorOptions = (assigner: WindowAssigner, bound: number, lateness: number) => ({
  keyBy: (e: Ev) => e.key,
  timestamp: (e: Ev) => e.ts,
  aggregate: idsAggregate,
  assigner,
  watermark: { bound },
  allowedLateness: lateness,
})

t.test('final results per (key, window) equal a group-by over accepted events; late output holds exactly the rest', async (t) => {
  fc.assert(
    fc.property(alignedConfig, itemsArb({ minTs: -60, maxTs: 120, maxLength: 60 }), (config, items) => {
      const op = createWindowOperator(operatorOptions(config.assigner, config.bound, config.lateness))
      const trace = newTrace()
      for (const item of items) drive(op, item, trace)
      op.advanceWatermark(END_OF_TIME)
      drive(op, { kind: 'heartbeat', ts: 0 }, trace)
      const reference = referenceGroupBy(items, config)
      t.same(trace.late, reference.late)
      t.same(sortedEntries(latestResults(trace.results)), sortedEntries(reference.cells))
      // eventTimeTrigger: never early, on time at most once per (key, window), results only grow
      const seen = new Map<string, { onTime: number; last: number[] }>()
      for (const r of trace.results) {
        if (r.firing === 'early') return false
        const id = cellId(r.key, r.window)
        const prior = seen.get(id) ?? { onTime: 0, last: [] }
        if (!prior.last.every((x) => r.value.includes(x))) return false
        seen.set(id, { onTime: prior.onTime + (r.firing === 'on-time' ? 1 : 0), last: r.value })
      }
      return [...seen.values()].every((s) => s.onTime <= 1)
    }),
    { numRuns: 300 },
  )
})

t.test('merging every flushed partial (and what is still open) per (key, window) gives the group-by', async (t) => {
  fc.assert(
    fc.property(alignedConfig, itemsArb({ minTs: -60, maxTs: 120, maxLength: 60, flushes: true }), (config, items) => {
      const op = createWindowOperator(operatorOptions(config.assigner, config.bound, config.lateness))
      const trace = newTrace()
      for (const item of items) drive(op, item, trace)
      drive(op, { kind: 'flush' }, trace) // what is still open
      const reference = referenceGroupBy(items, config)
      t.same(trace.late, reference.late)
      return JSON.stringify(sortedEntries(mergePartials(trace.partials))) === JSON.stringify(sortedEntries(reference.cells))
    }),
    { numRuns: 300 },
  )
})

const triggerArb = fc.constantFrom(
  () => undefined,
  () => eventTimeTrigger(),
  () => countTrigger(2),
  () => continuousEventTimeTrigger(7),
  () => purging(countTrigger(3)),
  () => processingTimeTrigger(),
)

const anyAssignerArb = fc.oneof(
  alignedConfig.map((c) => c.assigner),
  fc.integer({ min: 1, max: 15 }).map((gap) => sessionWindows({ gap })),
  fc.integer({ min: 1, max: 15 }).map((size) => tumblingWindows({ size, timeDomain: 'processing' })),
  fc.integer({ min: 1, max: 15 }).map((gap) => sessionWindows({ gap, timeDomain: 'processing' })),
)

t.test('snapshot -> JSON -> restore at a random point gives identical subsequent outputs, sizes and state', async (t) => {
  fc.assert(
    fc.property(
      anyAssignerArb,
      triggerArb,
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 0, max: 20 }),
      itemsArb({ minTs: -40, maxTs: 80, maxLength: 50, flushes: true, ticks: true }),
      fc.nat(),
      (assigner, makeTrigger, bound, lateness, raw, cutAt) => {
        const items: Item[] = [{ kind: 'tick', now: 0 }, ...raw] // processing-time windows need a processing time first
        const trigger = makeTrigger()
        const options = {
          ...operatorOptions(assigner, bound, lateness),
          ...(trigger === undefined ? {} : { trigger }),
          watermark: { bound, idleness: 15 },
        }
        const cut = cutAt % (items.length + 1)
        let now = 0
        const timed = items.map((item): Item => (item.kind === 'tick' ? { kind: 'tick', now: (now += item.now) } : item))
        const original = createWindowOperator(options)
        const before = newTrace()
        for (const item of timed.slice(0, cut)) drive(original, item, before)
        const restored = restoreWindowOperator(options, JSON.parse(JSON.stringify(original.snapshot())))
        if (!restored.ok) throw restored.error
        const copy = restored.operator
        if (copy.estimatedBytes() !== original.estimatedBytes()) return false
        const a = newTrace()
        const b = newTrace()
        for (const item of timed.slice(cut)) {
          drive(original, item, a)
          drive(copy, item, b)
          if (copy.estimatedBytes() !== original.estimatedBytes() || copy.isIdle() !== original.isIdle()) return false
        }
        t.same(b, a)
        return JSON.stringify(copy.snapshot()) === JSON.stringify(original.snapshot())
      },
    ),
    { numRuns: 300 },
  )
})

/** Per key: the windows no other result window of that key contains (superseded sessions are inside). */
function maximalResults(results: readonly { key: Key; window: TimeWindow; value: number[] }[]): Map<string, number[]> {
  const latest = latestResults(results as never)
  const windows = results.map((r) => ({ key: r.key, window: r.window }))
  const maximal = new Map<string, number[]>()
  for (const [id, value] of latest) {
    const r = results.find((x) => cellId(x.key, x.window) === id)!
    const inside = windows.some(
      (o) =>
        o.key === r.key &&
        o.window.start <= r.window.start &&
        r.window.end <= o.window.end &&
        (o.window.start !== r.window.start || o.window.end !== r.window.end),
    )
    if (!inside) maximal.set(id, value)
  }
  return maximal
}

t.test('session windows equal a brute-force gap merge per key (nothing late)', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 10 }), itemsArb({ minTs: -40, maxTs: 80, maxLength: 50 }), (gap, bound, items) => {
      const op = createWindowOperator(operatorOptions(sessionWindows({ gap }), bound, 1_000_000))
      const trace = newTrace()
      for (const item of items) drive(op, item, trace)
      op.advanceWatermark(END_OF_TIME)
      drive(op, { kind: 'heartbeat', ts: 0 }, trace)
      const events = items.flatMap((i) => (i.kind === 'element' ? [i.ev] : []))
      t.same(trace.late, [])
      const reference = referenceSessions(events, gap)
      return JSON.stringify(sortedEntries(maximalResults(trace.results))) === JSON.stringify(sortedEntries(reference))
    }),
    { numRuns: 300 },
  )
})

t.test('session partials, gap-merged downstream by window, equal the brute-force sessions', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 10 }),
      itemsArb({ minTs: -40, maxTs: 80, maxLength: 50, flushes: true }),
      (gap, bound, items) => {
        const op = createWindowOperator(operatorOptions(sessionWindows({ gap }), bound, 1_000_000))
        const trace = newTrace()
        for (const item of items) drive(op, item, trace)
        drive(op, { kind: 'flush' }, trace)
        const byKey = new Map<string, { key: Key; window: TimeWindow; ids: number[] }[]>()
        for (const p of trace.partials) {
          const k = `${typeof p.key}:${String(p.key)}`
          byKey.set(k, [...(byKey.get(k) ?? []), { key: p.key, window: p.window, ids: p.accumulator as number[] }])
        }
        const merged = new Map<string, number[]>()
        for (const parts of byKey.values()) {
          for (const m of mergeWindows(parts.map((p) => p.window))) {
            const ids = parts.filter((p) => m.members.includes(p.window)).flatMap((p) => p.ids)
            merged.set(
              cellId(parts[0]!.key, m.window),
              ids.sort((a, b) => a - b),
            )
          }
        }
        const events = items.flatMap((i) => (i.kind === 'element' ? [i.ev] : []))
        return JSON.stringify(sortedEntries(merged)) === JSON.stringify(sortedEntries(referenceSessions(events, gap)))
      },
    ),
    { numRuns: 300 },
  )
})

t.test('with any lateness, every session element is either late or in exactly one final session result', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 0, max: 20 }),
      itemsArb({ minTs: -40, maxTs: 80, maxLength: 50 }),
      (gap, bound, lateness, items) => {
        const op = createWindowOperator(operatorOptions(sessionWindows({ gap }), bound, lateness))
        const trace = newTrace()
        for (const item of items) drive(op, item, trace)
        op.advanceWatermark(END_OF_TIME)
        drive(op, { kind: 'heartbeat', ts: 0 }, trace)
        const ids = items.flatMap((i) => (i.kind === 'element' ? [i.ev.id] : []))
        const counted = [...trace.late, ...[...maximalResults(trace.results).values()].flat()].sort((a, b) => a - b)
        return JSON.stringify(counted) === JSON.stringify(ids)
      },
    ),
    { numRuns: 300 },
  )
})
