// A user job's stage 2 driven as the event-source mapping drives it (the same delivery model as
// the ad-tech merge: retries, bisects, doubled deliveries, fresh containers, resends, a reshard)
// must hold, per (key, window), exactly the brute-force merge of each stage-1 flush counted once
// — and for a job of emitted rows, each window's latest row. Its lake rows agree: the highest
// revision of a window is the value stored.
import t from 'tap'
import { silentTelemetry } from '@sdp/service-kit'
import fc from 'fast-check'
import { deepStrictEqual } from 'node:assert'
import type { Json, PartialAccumulator, PartialAccumulators } from '@sdp/aggregation-engine'
import { MemoryObjectStore } from '../../../test-support/memoryObjectStore.js'
import { DeadLetterSink } from '../../src/deadLetters/DeadLetterSink.js'
import { packPartials, type PartialsRecord } from '../../src/exchange/PartialsRecord.js'
import { createKeyedMergeHandler } from '../../src/merge/createKeyedMergeHandler.js'
import { isLastingStateKey } from '../../src/merge/resultKeys.js'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { jobMergeCore, type JobResultItem } from '../../src/jobs/jobMergeCore.js'
import { ancestors, deliveryPlan, driveMergeHandler, interleave, seq } from '../merge/_support/driveMergeHandler.js'

const BASE = Date.UTC(2026, 11, 7)
const JOB = 'top'

/** [sum, count, max]: merged in any order gives one answer; read as an object. */
const accumulators: PartialAccumulators = {
  merge: (a, b) => {
    const [x, y] = [a as number[], b as number[]]
    return [x[0]! + y[0]!, x[1]! + y[1]!, Math.max(x[2]!, y[2]!)]
  },
  result: (acc) => ({ sum: (acc as number[])[0], count: (acc as number[])[1], max: (acc as number[])[2] }),
}

/** Results as DynamoDB keeps them under the version condition; lake rows as appended. */
class Sinks {
  readonly items = new Map<string, { version: string; value: Json }>()
  readonly lake: Array<{ id: string; value: Json; revision: string }> = []
  async write(items: readonly JobResultItem[], version: string) {
    for (const item of items) {
      const id = `${String(item.key)}|${item.windowStart}|${item.windowEnd}`
      const stored = this.items.get(id)
      if (!stored || stored.version <= version) this.items.set(id, { version, value: item.value })
    }
    return { written: items.length, stale: 0 }
  }
}

const flushArb = fc.array(
  fc.record({
    key: fc.constantFrom('a', 'b', 'c', 7),
    window: fc.integer({ min: 0, max: 40 }),
    size: fc.constantFrom(10_000, 60_000),
    value: fc.integer({ min: 1, max: 100 }),
  }),
  { minLength: 1, maxLength: 6 },
)
const sourcesArb = fc.array(fc.array(flushArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 })
type Flush = Array<{ key: string | number; window: number; size: number; value: number }>

/** What stage 1 would send: each source's flushes in order (a flush resent when the plan says), and the brute-force answer. */
function stageOne(sources: Flush[][], rows: boolean, maxBytes: number, resend: (f: number) => boolean) {
  const expected = new Map<string, Json>()
  const streams: PartialsRecord[][] = []
  let n = 1
  for (const [s, flushes] of sources.entries()) {
    const out: PartialsRecord[] = []
    for (const [f, flush] of flushes.entries()) {
      const to = seq(n++)
      const partials: PartialAccumulator[] = flush.map((p) => ({
        id: `src-${s}:${seq(0)}-${to}`,
        // Rows are per stage-1 shard (sessions): each source has keys of its own.
        key: JSON.stringify(rows ? `${String(p.key)}@${s}` : p.key),
        window: { start: BASE + p.window * p.size, end: BASE + (p.window + 1) * p.size },
        accumulator: rows ? { v: p.value, flush: f } : [p.value, 1, p.value],
      }))
      for (const p of partials) {
        const id = `${JSON.parse(p.key as string) as string}|${p.window.start}|${p.window.end}`
        if (rows) expected.set(id, p.accumulator)
        else {
          const before = expected.get(id)
          expected.set(id, before === undefined ? p.accumulator : accumulators.merge(before, p.accumulator))
        }
      }
      const records = packPartials(partials, `src-${s}`, maxBytes, { job: JOB, ...(rows ? { rows: true as const } : {}) }).flat()
      out.push(...records)
      if (resend(f)) out.push(...records)
    }
    streams.push(out)
  }
  if (!rows) for (const [id, acc] of expected) expected.set(id, accumulators.result(acc) as Json)
  return { streams, expected }
}

for (const rows of [false, true]) {
  t.test(`a job's stage 2 ${rows ? 'puts each latest row' : 'merges every flush exactly once'}, however it is batched, retried or resharded`, async (t) => {
    await fc.assert(
      fc.asyncProperty(
        sourcesArb,
        fc.integer({ min: 150, max: 1500 }),
        deliveryPlan,
        fc.integer({ min: 0, max: 100 }),
        async (sources, maxBytes, plan, splitAt) => {
          const { streams, expected } = stageOne(sources, rows, maxBytes, (f) => plan[f % plan.length]!.resend)
          // A record of another job on this stream: dead-lettered, never merged.
          const foreign = packPartials(
            [{ id: `x:${seq(0)}-${seq(1)}`, key: '"a"', window: { start: BASE, end: BASE + 10_000 }, accumulator: [999, 1, 999] }],
            'x',
            maxBytes,
            {
              job: 'other',
            },
          ).flat()
          const store = new MemoryObjectStore()
          const sinks = new Sinks()
          const container = () =>
            createKeyedMergeHandler<JobResultItem>({
              name: 'job-merge',
              core: jobMergeCore({ job: JOB, accumulators, horizonMs: 30 * 86_400_000 }),
              state: new SegmentStateBackend({ store, prefix: 'state/job', ancestors, retentionMs: 60 * 86_400_000, keep: isLastingStateKey }),
              results: sinks,
              deadLetters: new DeadLetterSink(store, 'job-merge'),
              ancestors,
              outputs: async (items, batch) => {
                for (const i of items) sinks.lake.push({ id: `${String(i.key)}|${i.windowStart}|${i.windowEnd}`, value: i.value, revision: batch.version })
              },
              telemetry: silentTelemetry(),
            })
          await driveMergeHandler(interleave([...streams, foreign], splitAt), splitAt, plan, container, BASE + 86_400_000)
          const actual = Object.fromEntries([...sinks.items].map(([id, { value }]) => [id, value]))
          deepStrictEqual(actual, Object.fromEntries(expected))
          const latest = new Map<string, { value: Json; revision: string }>()
          for (const row of sinks.lake) if ((latest.get(row.id)?.revision ?? '') <= row.revision) latest.set(row.id, row)
          deepStrictEqual(Object.fromEntries([...latest].map(([id, r]) => [id, r.value])), actual, 'the lake: the highest revision of each window')
        },
      ),
      { numRuns: 40 },
    )
    t.pass('results equal the brute-force answer')
  })
}
