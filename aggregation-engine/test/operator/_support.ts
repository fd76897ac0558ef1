/** Shared pieces of the operator tests: elements, aggregates, drivers and brute-force references. */
import fc from 'fast-check'
import type { WindowOperator, WindowPartial, WindowResult } from '../../src/operator/WindowOperator.js'
import type { AggregateFunction, Json, Key, TimeWindow } from '../../src/types.js'

export interface Ev {
  readonly id: number
  readonly key: Key
  readonly ts: number
}

/** Collects element ids: results are sorted id lists, so equality means "exactly these elements". */
export const idsAggregate: AggregateFunction<Ev, number[], number[]> = {
  createAccumulator: () => [],
  add: (e, acc) => {
    acc.push(e.id)
    return acc
  },
  merge: (a, b) => [...a, ...b],
  getResult: (acc) => [...acc].sort((x, y) => x - y),
}

/** What the driver can do to an operator, in arrival order. */
export type Item =
  | { readonly kind: 'element'; readonly ev: Ev }
  | { readonly kind: 'heartbeat'; readonly ts: number }
  | { readonly kind: 'flush' }
  | { readonly kind: 'tick'; readonly now: number }

export interface Trace {
  readonly results: WindowResult<number[]>[]
  readonly late: number[]
  readonly partials: WindowPartial[]
}

export const keyArb = fc.constantFrom<Key>(1, 2, 1_000_003, -7, 'a', 'b')

/** Random arrival sequences: elements out of order (within and beyond any bound), heartbeats, flushes. */
export function itemsArb(options: { minTs: number; maxTs: number; maxLength: number; flushes?: boolean; ticks?: boolean }): fc.Arbitrary<Item[]> {
  const element = fc.record({ key: keyArb, ts: fc.integer({ min: options.minTs, max: options.maxTs }) })
  const raw = fc.oneof(
    { weight: 8, arbitrary: element.map((e) => ({ kind: 'element' as const, ...e })) },
    { weight: 1, arbitrary: fc.integer({ min: options.minTs, max: options.maxTs }).map((ts) => ({ kind: 'heartbeat' as const, ts })) },
    { weight: options.flushes === true ? 1 : 0, arbitrary: fc.constant({ kind: 'flush' as const }) },
    { weight: options.ticks === true ? 1 : 0, arbitrary: fc.integer({ min: 0, max: 40 }).map((now) => ({ kind: 'tick' as const, now })) },
  )
  return fc
    .array(raw, { maxLength: options.maxLength })
    .map((list) => list.map((item, id): Item => (item.kind === 'element' ? { kind: 'element', ev: { id, key: item.key, ts: item.ts } } : item)))
}

/** Feeds one item, collecting outputs into the trace. */
export function drive(op: WindowOperator<Ev, number[]>, item: Item, trace: Trace): void {
  if (item.kind === 'element') op.processElement(item.ev)
  else if (item.kind === 'heartbeat') op.processHeartbeat(item.ts)
  else if (item.kind === 'tick') op.advanceProcessingTime(item.now)
  else trace.partials.push(...op.flushPartials())
  const { results, late } = op.takeOutputs()
  trace.results.push(...results)
  trace.late.push(...late.map((e) => e.id))
}

export function newTrace(): { results: WindowResult<number[]>[]; late: number[]; partials: WindowPartial[] } {
  return { results: [], late: [], partials: [] }
}

export const cellId = (key: Key, window: TimeWindow): string => `${typeof key}:${String(key)}@${window.start}/${window.end}`

/** Brute-force window membership: every start aligned to offset (mod slide) with start <= ts < start + size. */
export function bruteWindows(ts: number, size: number, slide: number, offset: number): TimeWindow[] {
  const windows: TimeWindow[] = []
  for (let start = ts - size + 1; start <= ts; start++) {
    if ((((start - offset) % slide) + slide) % slide === 0) windows.push({ start, end: start + size })
  }
  return windows
}

/**
 * Replays the watermark by hand (Flink's rule: late iff for every window end - 1 + lateness <=
 * watermark; the watermark moves after each element/heartbeat to max(ts) - bound - 1) and
 * groups the accepted elements by (key, window).
 */
export function referenceGroupBy(
  items: readonly Item[],
  config: { size: number; slide: number; offset: number; bound: number; lateness: number },
): { cells: Map<string, number[]>; late: number[] } {
  let watermark = Number.MIN_SAFE_INTEGER
  const cells = new Map<string, number[]>()
  const late: number[] = []
  for (const item of items) {
    if (item.kind === 'flush' || item.kind === 'tick') continue
    if (item.kind === 'element') {
      const { ev } = item
      let accepted = false
      for (const window of bruteWindows(ev.ts, config.size, config.slide, config.offset)) {
        if (window.end - 1 + config.lateness <= watermark) continue
        accepted = true
        const id = cellId(ev.key, window)
        cells.set(id, [...(cells.get(id) ?? []), ev.id])
      }
      if (!accepted) late.push(ev.id)
    }
    const ts = item.kind === 'element' ? item.ev.ts : item.ts
    watermark = Math.max(watermark, ts - config.bound - 1)
  }
  for (const ids of cells.values()) ids.sort((a, b) => a - b)
  return { cells, late }
}

/** The latest result per (key, window): a later firing always carries the fuller result. */
export function latestResults(results: readonly WindowResult<number[]>[]): Map<string, number[]> {
  const latest = new Map<string, number[]>()
  for (const r of results) latest.set(cellId(r.key, r.window), r.value)
  return latest
}

/** Merges partial id lists per (key, window). */
export function mergePartials(partials: readonly WindowPartial[]): Map<string, number[]> {
  const merged = new Map<string, number[]>()
  for (const p of partials) {
    const id = cellId(p.key, p.window)
    merged.set(id, [...(merged.get(id) ?? []), ...(p.accumulator as number[])])
  }
  for (const ids of merged.values()) ids.sort((a, b) => a - b)
  return merged
}

/** Sorted entries of a map, for deep comparisons. */
export function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Brute-force session windows per key: sort by ts, merge [ts, ts + gap) runs that overlap or touch. */
export function referenceSessions(events: readonly Ev[], gap: number): Map<string, number[]> {
  const byKey = new Map<string, Ev[]>()
  for (const e of events) byKey.set(`${typeof e.key}:${String(e.key)}`, [...(byKey.get(`${typeof e.key}:${String(e.key)}`) ?? []), e])
  const cells = new Map<string, number[]>()
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts)
    let current: { start: number; end: number; ids: number[]; key: Key } | undefined
    const flush = (): void => {
      if (current !== undefined)
        cells.set(
          cellId(current.key, current),
          [...current.ids].sort((a, b) => a - b),
        )
    }
    for (const e of sorted) {
      if (current !== undefined && e.ts <= current.end) {
        current.end = Math.max(current.end, e.ts + gap)
        current.ids.push(e.id)
      } else {
        flush()
        current = { start: e.ts, end: e.ts + gap, ids: [e.id], key: e.key }
      }
    }
    flush()
  }
  return cells
}

export type { Json }
