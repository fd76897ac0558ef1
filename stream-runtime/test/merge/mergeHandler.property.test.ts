// Stage 2 driven the way the event-source mapping drives it — per-shard order, batches retried
// whole or bisected after writing, invocations repeated with the same input state, fresh
// containers, resends from retried stage-1 invocations, a split of the partials stream — must
// leave every result item equal to a brute-force sum of each stage-1 flush counted once.
import t from 'tap'
import { silentTelemetry } from '@sdp/service-kit'
import fc from 'fast-check'
import { deepStrictEqual } from 'node:assert'
import type { Json, PartialAccumulator } from '@sdp/aggregation-engine'
import { MemoryObjectStore } from '../../../test-support/memoryObjectStore.js'
import { resultItemId } from '../../../test-support/resultItemId.js'
import { DeadLetterSink } from '../../src/deadLetters/DeadLetterSink.js'
import { packPartials, type PartialsRecord } from '../../src/exchange/PartialsRecord.js'
import { createMergeHandler } from '../../src/merge/createMergeHandler.js'
import type { ResultItem } from '../../src/merge/mergePartials.js'
import { isLastingStateKey } from '../../src/merge/resultKeys.js'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { ancestors, deliveryPlan, driveMergeHandler, interleave, seq } from './_support/driveMergeHandler.js'

const HOUR = 3_600_000
const DAY = 86_400_000
const BASE = Date.UTC(2026, 11, 7)
const sum = (a: Json, b: Json): Json => (a as number[]).map((x, i) => x + ((b as number[])[i] as number))

/** Results kept as DynamoDB keeps them under the version condition. */
class VersionedItems {
  readonly items = new Map<string, { version: string; item: ResultItem }>()
  async write(items: readonly ResultItem[], version: string) {
    for (const item of items) {
      const id = resultItemId(item)
      const stored = this.items.get(id)
      if (!stored || stored.version <= version) this.items.set(id, { version, item })
    }
    return { written: items.length, stale: 0 }
  }
}

const flush = fc.array(
  fc.record({
    key: fc.constantFrom('1', '2', '3', '44'),
    minute: fc.oneof(fc.integer({ min: 0, max: 60 * 30 }), fc.integer({ min: 0, max: 60 * 24 * 70 })),
    n: fc.integer({ min: 1, max: 5 }),
  }),
  { minLength: 1, maxLength: 6 },
)
const source = fc.array(flush, { minLength: 1, maxLength: 5 })

t.test('stage 2 merges every stage-1 flush exactly once, however it is batched, retried or resharded', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(source, { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 200, max: 2000 }), // record size limit: forces several parts
      deliveryPlan,
      fc.integer({ min: 0, max: 100 }),
      async (sources, maxBytes, plan, splitAt) => {
        // What stage 1 sends: each source's flushes in order, a flush resent (whole) when told.
        const expected = new Map<string, number[]>()
        const add = (id: string, v: number[]) =>
          expected.set(
            id,
            (expected.get(id) ?? [0, 0, 0]).map((x, i) => x + (v[i] as number)),
          )
        const streams: PartialsRecord[][] = []
        let n = 1
        for (const [s, flushes] of sources.entries()) {
          const out: PartialsRecord[] = []
          for (const [f, flushPartials] of flushes.entries()) {
            const to = seq(n++)
            const partials: PartialAccumulator[] = flushPartials.map((p) => ({
              id: `src-${s}:${seq(0)}-${to}`,
              key: p.key,
              window: { start: BASE + p.minute * 60_000, end: BASE + (p.minute + 1) * 60_000 },
              accumulator: [p.n, 1, 0],
            }))
            for (const p of partials) {
              const start = p.window.start
              add(`hour|${String(p.key)}|${Math.floor(start / HOUR) * HOUR}|${start % HOUR}`, p.accumulator as number[])
              add(`totals|${String(p.key)}`, p.accumulator as number[])
            }
            const records = packPartials(partials, `src-${s}`, maxBytes).flat()
            out.push(...records)
            if (plan[f % plan.length]?.resend) out.push(...records)
          }
          streams.push(out)
        }
        const store = new MemoryObjectStore()
        const results = new VersionedItems()
        const container = () =>
          createMergeHandler({
            name: 'merge',
            merge: sum,
            state: new SegmentStateBackend({ store, prefix: 'state/merge', ancestors, retentionMs: 10 * 86_400_000, keep: isLastingStateKey }),
            results,
            deadLetters: new DeadLetterSink(store, 'merge'),
            ancestors,
            horizonMs: 30 * 86_400_000,
            telemetry: silentTelemetry(),
          })
        await driveMergeHandler(interleave(streams, splitAt), splitAt, plan, container, BASE + 86_400_000)
        // The stored items, with each key's head read as the month, day and hour items it stands for.
        const view = new Map<string, ResultItem>()
        for (const { item } of results.items.values()) {
          if (item.kind !== 'head') {
            view.set(resultItemId(item), item)
            continue
          }
          const { key, head } = item
          const day = Math.floor(head.hour / DAY) * DAY
          const month = Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), 1)
          for (const [kind, start] of [
            ['hour', head.hour],
            ['day', day],
            ['month', month],
          ] as const) {
            t.notOk(
              [...results.items.values()].some(({ item: i }) => i.kind === kind && i.key === key && i.start >= start),
              `no ${kind} item of key ${key} from its head's on`,
            )
          }
          view.set(`hour|${key}|${head.hour}`, { kind: 'hour', key, start: head.hour, periods: head.periods })
          view.set(`day|${key}|${day}`, { kind: 'day', key, start: day, hours: head.hours })
          view.set(`month|${key}|${month}`, { kind: 'month', key, start: month, days: head.days })
        }
        const actual = new Map<string, number[]>()
        for (const item of view.values()) {
          if (item.kind === 'hour') for (const [slot, v] of Object.entries(item.periods)) actual.set(`hour|${item.key}|${item.start}|${slot}`, v as number[])
          if (item.kind === 'directory') for (const [key, [value]] of Object.entries(item.entries)) actual.set(`totals|${key}`, value as number[])
        }
        deepStrictEqual(Object.fromEntries([...actual].sort()), Object.fromEntries([...expected].sort()))
        // A day holds the sum of each of its hours before the key's latest hour, and no other.
        const latest = new Map<string, number>()
        for (const item of view.values()) {
          if (item.kind === 'directory') for (const [key, [, last]] of Object.entries(item.entries)) latest.set(key, Math.floor(last / HOUR) * HOUR)
        }
        const hoursBefore = new Set(
          [...view.values()].flatMap((item) => (item.kind === 'hour' && item.start < (latest.get(item.key) ?? 0) ? [`${item.key}|${item.start}`] : [])),
        )
        const rolledUp = new Set<string>()
        for (const item of view.values()) {
          if (item.kind !== 'day') continue
          for (const [h, v] of Object.entries(item.hours)) {
            rolledUp.add(`${item.key}|${item.start + Number(h) * HOUR}`)
            const hour = view.get(`hour|${item.key}|${item.start + Number(h) * HOUR}`)
            const hourSum: Json | undefined = hour?.kind === 'hour' ? Object.values(hour.periods).reduce((a: Json, b: Json) => sum(a, b)) : undefined
            deepStrictEqual(v, hourSum, `day ${item.start} hour ${h} of key ${item.key}`)
          }
        }
        deepStrictEqual([...rolledUp].sort(), [...hoursBefore].sort(), 'days hold exactly the hours before the latest')
        // A month holds the sum of each of its days before the key's latest day, and no other.
        const daysBefore = new Set(
          [...view.values()].flatMap((item) =>
            item.kind === 'day' && item.start < Math.floor((latest.get(item.key) ?? 0) / DAY) * DAY ? [`${item.key}|${item.start}`] : [],
          ),
        )
        const monthDays = new Set<string>()
        for (const item of view.values()) {
          if (item.kind !== 'month') continue
          for (const [d, v] of Object.entries(item.days)) {
            const start: number = item.start + Number(d) * DAY
            monthDays.add(`${item.key}|${start}`)
            const day = view.get(`day|${item.key}|${start}`)
            const daySum: Json | undefined = day?.kind === 'day' ? Object.values(day.hours).reduce((a: Json, b: Json) => sum(a, b)) : undefined
            deepStrictEqual(v, daySum, `month ${item.start} day ${d} of key ${item.key}`)
          }
        }
        deepStrictEqual([...monthDays].sort(), [...daysBefore].sort(), 'months hold exactly the days before the latest')
      },
    ),
    { numRuns: 60 },
  )
  t.pass('items equal the brute-force sums')
})
