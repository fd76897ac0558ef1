import t from 'tap'
import fc from 'fast-check'
import { count, defineWindowJob, runWindowJob, sessionWindows, tumblingWindows, type ParseResult } from '../../src/index.js'

type Click = { user: string; ts: number }
const parse = (v: unknown): ParseResult<Click> => {
  const e = v as { type?: string; user?: unknown; ts?: unknown }
  if (typeof e.ts !== 'number') return { kind: 'invalid', reason: 'ts must be a number' }
  if (e.type === 'heartbeat') return { kind: 'heartbeat', ts: e.ts }
  return typeof e.user === 'string' ? { kind: 'event', event: { user: e.user, ts: e.ts } } : { kind: 'invalid', reason: 'user must be a string' }
}
const base = { version: 1, parse, timestamp: (c: Click) => c.ts, watermark: { bound: 1_000 }, key: (c: Click) => c.user, aggregate: count() }
const perMinute = defineWindowJob({ ...base, name: 'per-minute', assigner: tumblingWindows({ size: 60_000 }) })
const sessions = defineWindowJob({ ...base, name: 'sessions', assigner: sessionWindows({ gap: 10_000 }) })

t.test('a job run over values: merged partials per (key, window), whatever the Lambda windows', async (t) => {
  const values = [
    { user: 'a', ts: 1_000 },
    { user: 'b', ts: 2_000 },
    { user: 'a', ts: 61_000 },
    { user: 'a', ts: 3_000 },
    { oops: true },
    { user: 'a', ts: 62_000 },
  ]
  const run = runWindowJob(perMinute, values)
  t.same(run.results, [
    { key: 'a', windowStart: 0, windowEnd: 60_000, value: 1 },
    { key: 'a', windowStart: 60_000, windowEnd: 120_000, value: 2 },
    { key: 'b', windowStart: 0, windowEnd: 60_000, value: 1 },
  ])
  t.same(run.deadLetters, ['ts must be a number'])
  t.equal(run.late, 1, 'ts 3000 came behind the watermark of 61000')
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), (recordsPerWindow) => {
      t.same(runWindowJob(perMinute, values, { recordsPerWindow }).results, run.results)
    }),
  )
})

t.test('session windows: their emitted results, once a heartbeat closes them', async (t) => {
  const values = [
    { user: 'a', ts: 1_000 },
    { user: 'a', ts: 5_000 },
    { user: 'b', ts: 6_000 },
    { type: 'heartbeat', ts: 60_000 },
  ]
  t.same(runWindowJob(sessions, values, { recordsPerWindow: 2 }).results, [
    { key: 'a', windowStart: 1_000, windowEnd: 15_000, value: 2 },
    { key: 'b', windowStart: 6_000, windowEnd: 16_000, value: 1 },
  ])
  t.same(runWindowJob(sessions, []).results, [], 'no values, no results')
})
