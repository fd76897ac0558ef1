import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { planWindowInvocation } from '../../src/lambda/planWindowInvocation.js'
import { runWindowInvocation, type PartialAccumulator } from '../../src/lambda/runWindowInvocation.js'
import type { KinesisWindowEvent } from '../../src/lambda/KinesisWindowEvent.js'
import { countingJob } from './countingJob.js'
import { InMemoryStateBackend } from '../../src/lambda/InMemoryStateBackend.js'
import { SHARD, seq, windowEvent, type TestRecord } from './helpers.js'

function invoke(event: KinesisWindowEvent, backend: InMemoryStateBackend, budget?: number) {
  const plan = planWindowInvocation(event, countingJob)
  const fetched = backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber)
  const result = runWindowInvocation(event, countingJob, fetched, budget === undefined ? {} : { stateBudgetBytes: budget })
  backend.write(result.segment)
  return result
}

const ev = (n: number, id: string, key: string, ts: number): TestRecord => ({ n, value: { id, key, ts } })

t.test('the AWS-shaped fixture: base64 records decode, a non-JSON record becomes a dead letter', async (t) => {
  const fixture = JSON.parse(readFileSync(new URL('../../../test-support/fixtures/kinesis-tumbling-window-event.json', import.meta.url), 'utf8'))
  const result = runWindowInvocation(fixture, countingJob, new Map())
  t.equal(result.shardId, 'shardId-000000000000')
  // the fixture holds ad events, which this test job rejects for want of `id`/`key`: three invalid, one not JSON
  t.equal(result.deadLetters.length, 4)
  t.match(result.deadLetters[3], { reason: /^not JSON/, partitionKey: 'x', data: 'bm90IGpzb257', arrivalTime: 1795831444900 })
  t.match(result.deadLetters[0], { reason: 'id must be a string' })
  t.same(result.response.batchItemFailures, [], 'bad data never fails the batch')
  t.ok(result.response.state, 'a state is always returned')
})

t.test('wrong field types are dead-lettered with the reason; good records still count', async (t) => {
  const b = new InMemoryStateBackend()
  const r = invoke(windowEvent([ev(1, 'a', 'k', 1000), { n: 2, value: { id: 'b', key: 'k', ts: '1000' } }, { n: 3, value: null }], { final: true }), b)
  t.same(
    r.deadLetters.map((d) => d.reason),
    ['ts must be an integer', 'not an object'],
  )
  t.same(
    r.partials.map((p) => [p.key, p.accumulator]),
    [['k', 1]],
  )
})

t.test('data that is not base64 is dead-lettered as such, as it came', async (t) => {
  const good = windowEvent([ev(1, 'a', 'k', 1000), ev(2, 'b', 'k', 1000)], { final: true })
  const bad = { ...good.Records[1]!, kinesis: { ...good.Records[1]!.kinesis, data: 'not base64!' } }
  const r = invoke({ ...good, Records: [good.Records[0]!, bad] }, new InMemoryStateBackend())
  t.match(r.deadLetters, [{ reason: 'data is not base64', data: 'not base64!', sequenceNumber: bad.kinesis.sequenceNumber }])
  t.same(
    r.partials.map((p) => [p.key, p.accumulator]),
    [['k', 1]],
  )
})

t.test('an empty batch and an empty final invoke return a state and write nothing', async (t) => {
  const b = new InMemoryStateBackend()
  const first = invoke(windowEvent([]), b)
  t.same(first.partials, [])
  t.equal(first.segment, undefined)
  const final = invoke(windowEvent([], { state: first.response.state, final: true }), b)
  t.same(final.partials, [])
  t.ok(final.response.state)
})

t.test('state flows between invocations; the final invoke flushes partials named by the records they cover', async (t) => {
  const b = new InMemoryStateBackend()
  const one = invoke(windowEvent([ev(1, 'a', 'k', 1000), ev(2, 'b', 'k', 2000)]), b)
  t.same(one.partials, [], 'nothing flushed mid-window')
  const two = invoke(windowEvent([ev(3, 'c', 'j', 61_000)], { state: one.response.state }), b)
  const final = invoke(windowEvent([], { state: two.response.state, final: true }), b)
  t.same(
    final.partials.map((p) => [p.id.split(':')[1]!.replace(/4959\d{48}/g, 's'), p.key, p.window.start, p.accumulator]),
    [
      ['s0001-s0003', 'k', 0, 2],
      ['s0001-s0003', 'j', 60_000, 1],
    ],
  )
})

t.test('a final invoke that carries records processes them before flushing', async (t) => {
  const r = invoke(windowEvent([ev(1, 'a', 'k', 1000)], { final: true }), new InMemoryStateBackend())
  t.same(
    r.partials.map((p) => p.accumulator),
    [1],
  )
})

t.test('early termination flushes everything; the next call continues with a fresh state', async (t) => {
  const b = new InMemoryStateBackend()
  const early = invoke(windowEvent([ev(1, 'a', 'k', 1000)], { early: true }), b)
  t.equal(early.partials.length, 1)
  t.notOk('s' in early.response.state, 'nothing left to carry in Lambda state')
  const next = invoke(windowEvent([ev(2, 'a', 'k', 1000), ev(3, 'b', 'k', 1000)], { final: true }), b)
  t.same(
    next.partials.map((p) => p.accumulator),
    [1],
    'the duplicate of a was seen through the state backend',
  )
  t.equal(next.counters.duplicates, 1)
})

t.test('a state the code cannot read is reported and rebuilt, never thrown', async (t) => {
  for (const state of [{ v: 99 }, { v: 1, job: 'other', jv: 1 }, { v: 1, job: 'counting', jv: 7 }, { v: 1, job: 'counting', jv: 1, f: 3, t: 4 }]) {
    const r = invoke(windowEvent([ev(1, 'a', 'k', 1000)], { state, final: true }), new InMemoryStateBackend())
    t.equal(r.diagnostics.length, 1, JSON.stringify(state))
    t.match(r.diagnostics[0], /not readable/)
    t.same(
      r.partials.map((p) => p.accumulator),
      [1],
    )
  }
})

t.test('heartbeats advance the carry but count nothing', async (t) => {
  const b = new InMemoryStateBackend()
  const r = invoke(windowEvent([{ n: 1, value: { type: 'heartbeat', ts: 5000 } }], { final: true }), b)
  t.equal(r.counters.heartbeats, 1)
  t.same(r.partials, [])
  t.equal(r.segment?.entries.get('\u0000carry'), 5000)
})

t.test('replaying an invocation with the same input produces identical outputs and writes', async (t) => {
  const b = new InMemoryStateBackend()
  const e = windowEvent([ev(1, 'a', 'k', 1000), ev(2, 'b', 'j', 1000)], { final: true })
  const first = invoke(e, b)
  const second = invoke(e, b)
  t.same(second.partials, first.partials)
  t.same(second.segment, first.segment)
  t.same(second.response, first.response)
})

t.test('a window stores its state writes once, at its end, while they fit in the state', async (t) => {
  const b = new InMemoryStateBackend()
  const first = invoke(windowEvent([ev(1, 'a', 'k', 1000)]), b)
  t.equal(first.segment, undefined, 'the writes ride in the state')
  const second = invoke(windowEvent([ev(2, 'b', 'k', 1000)], { state: first.response.state }), b)
  t.equal(second.segment, undefined)
  t.same(b.read(SHARD, ['id:a', 'id:b'], seq(3)), new Map(), 'nothing stored yet')
  // A duplicate of a carried event is still known: the job reads the carried writes.
  const dup = invoke(windowEvent([ev(3, 'a', 'k', 1000)], { state: second.response.state }), b)
  t.equal(dup.counters.duplicates, 1)
  const last = invoke(windowEvent([], { state: dup.response.state, final: true }), b)
  t.equal(last.segment?.firstSequenceNumber, seq(1), 'one segment covers the whole window')
  t.equal(last.segment?.lastSequenceNumber, seq(3))
  t.same([...(last.segment?.entries.keys() ?? [])].sort(), ['\u0000carry', 'id:a', 'id:b'])
  t.same(last.response.state.p, undefined, 'nothing carried past the window')
  t.same(
    last.partials.map((p) => [p.key, p.accumulator]),
    [['k', 2]],
  )
})

t.test('writes that outgrow the state budget are stored at once, and the next segment starts after them', async (t) => {
  const b = new InMemoryStateBackend()
  const records = Array.from({ length: 6 }, (_, i) => ev(i + 1, `id-${'x'.repeat(40)}-${i}`, 'k', 1000))
  let state: Record<string, unknown> = {}
  const segments: string[] = []
  for (const r of records) {
    const out = invoke(windowEvent([r], { state }), b, 400)
    state = out.response.state
    t.ok(out.stateBytes <= 400, 'the state stays within its budget')
    if (out.segment) segments.push(`${out.segment.firstSequenceNumber.slice(-2)}-${out.segment.lastSequenceNumber.slice(-2)}`)
  }
  const last = invoke(windowEvent([], { state, final: true }), b, 400)
  if (last.segment) segments.push(`${last.segment.firstSequenceNumber.slice(-2)}-${last.segment.lastSequenceNumber.slice(-2)}`)
  t.ok(segments.length > 1 && segments.length < records.length, `some writes carried, some stored: ${segments.join(' ')}`)
  for (let i = 1; i < segments.length; i++)
    t.equal(Number(segments[i]?.slice(0, 2)), Number(segments[i - 1]?.slice(3)) + 1, 'segments cover the records once, in order')
  t.equal(
    b.read(
      SHARD,
      records.map((r) => `id:${(r.value as { id: string }).id}`),
      undefined,
    ).size,
    records.length,
    'every write stored by the window end',
  )
})

t.test('carried writes survive a snapshot that cannot be used', async (t) => {
  const b = new InMemoryStateBackend()
  const first = invoke(windowEvent([ev(1, 'a', 'k', 1000)]), b)
  const stale = { ...first.response.state, jv: 99 }
  const last = invoke(windowEvent([ev(2, 'b', 'k', 1000)], { state: stale, final: true }), b)
  t.match(last.diagnostics[0], /snapshot version 99/)
  t.same([...(last.segment?.entries.keys() ?? [])].sort(), ['\u0000carry', 'id:a', 'id:b'])
  t.equal(last.segment?.firstSequenceNumber, seq(1))
})

/**
 * The central property: split the records of one shard into Lambda windows and invocations at
 * random, fail invocations after their writes (retrying them whole or bisected), deliver some
 * twice, flush on a tiny state budget; merging the stored partials by id gives exactly the
 * group-by over the distinct events.
 */
t.test('partials merged by id equal a group-by over distinct events, whatever the batching and retries', async () => {
  const eventArb = fc.record({ id: fc.integer({ min: 0, max: 30 }), key: fc.constantFrom('a', 'b', 'c', 'd'), minute: fc.integer({ min: 0, max: 5 }) })
  const plan = fc.record({
    events: fc.array(eventArb, { minLength: 1, maxLength: 60 }),
    cuts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), // 0 = new window, 1 = new batch
    faults: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 60, maxLength: 60 }), // 0 = fail whole, 1 = fail+bisect, 2 = twice
    budget: fc.constantFrom(100, 200, 1_000_000),
  })
  fc.assert(
    fc.property(plan, ({ events, cuts, faults, budget }) => {
      // an id always stands for the same event, as a client retry would
      const byId = new Map<number, { key: string; ts: number }>()
      const records: TestRecord[] = events.map((e, i) => {
        const known = byId.get(e.id) ?? { key: e.key, ts: e.minute * 60_000 + 5 }
        byId.set(e.id, known)
        return ev(i + 1, `id${e.id}`, known.key, known.ts)
      })
      const windows: TestRecord[][][] = [[[]]]
      records.forEach((r, i) => {
        const cut = cuts[i] ?? 3
        const w = windows[windows.length - 1]!
        if (i > 0 && cut === 0) windows.push([[r]])
        else if (i > 0 && cut === 1) w.push([r])
        else w[w.length - 1]!.push(r)
      })
      const backend = new InMemoryStateBackend()
      const store = new Map<string, PartialAccumulator>()
      const keep = (ps: PartialAccumulator[]) => ps.forEach((p) => store.set(`${p.id}|${p.key}|${p.window.start}`, p))
      let f = 0
      for (const batches of windows) {
        let state: Record<string, unknown> = {}
        const run = (recs: TestRecord[], final: boolean) => {
          const r = invoke(windowEvent(recs, { state, final }), backend, budget)
          keep(r.partials)
          return r
        }
        const all = [...batches.map((b) => [b, false] as const), [[] as TestRecord[], true] as const]
        for (const [batch, final] of all) {
          const fault = faults[f++ % faults.length]
          if (fault === 0) run(batch, final) // failed after its writes: Lambda retries the same input
          if (fault === 1 && batch.length > 1) {
            run(batch, final) // failed after writes, then bisected
            const half = Math.ceil(batch.length / 2)
            state = run(batch.slice(0, half), false).response.state
            state = run(batch.slice(half), final).response.state
            continue
          }
          if (fault === 2) run(batch, final) // delivered twice, second response kept
          state = run(batch, final).response.state
        }
      }
      const got = new Map<string, number>()
      for (const p of store.values()) got.set(`${p.key}|${p.window.start}`, (got.get(`${p.key}|${p.window.start}`) ?? 0) + (p.accumulator as number))
      const want = new Map<string, number>()
      for (const { key, ts } of byId.values()) {
        const k = `${key}|${Math.floor(ts / 60_000) * 60_000}`
        want.set(k, (want.get(k) ?? 0) + 1)
      }
      return JSON.stringify([...got].sort()) === JSON.stringify([...want].sort())
    }),
    { numRuns: 300 },
  )
})

t.test('the plan names the keys of the records from their partition keys, without decoding them', async (t) => {
  const event = windowEvent([ev(1, 'a', 'k', 1000), { n: 2, value: null, raw: 'not json{', partitionKey: 'b' }, ev(3, 'a', 'k', 1000)])
  const plan = planWindowInvocation(event, countingJob)
  t.same([...plan.stateKeys], ['\u0000carry', 'id:a', 'id:b'])
  t.equal(plan.firstSequenceNumber, event.Records[0]?.kinesis.sequenceNumber)
  t.same(planWindowInvocation(windowEvent([]), countingJob), {
    shardId: 'shardId-000000000000',
    stateKeys: new Set(['\u0000carry']),
    firstSequenceNumber: undefined,
  })
})

t.test('an event under another partition key is dead-lettered, not counted under a key nobody fetched', async (t) => {
  const r = invoke(windowEvent([{ n: 1, value: { id: 'a', key: 'k', ts: 1000 }, partitionKey: 'b' }], { final: true }), new InMemoryStateBackend())
  t.same(
    r.deadLetters.map((d) => [d.partitionKey, d.reason]),
    [['b', 'the partition key must be the id']],
  )
  t.same(r.partials, [])
})

t.test('a job that touches a key it did not declare for the record fails loudly', async (t) => {
  const sloppy = { ...countingJob, stateKeys: () => ['id:elsewhere'] }
  t.throws(() => runWindowInvocation(windowEvent([ev(1, 'a', 'k', 1000)]), sloppy, new Map()), {
    message: 'state key "id:a" was read but not declared by stateKeys',
  })
})

t.test("a partition key that would map onto the adapter's carry key is dead-lettered", async (t) => {
  const nul = { ...countingJob, stateKeys: (pk: string) => [pk, `id:${pk}`] }
  const r = runWindowInvocation(
    windowEvent([{ n: 1, value: { id: '\u0000carry', key: 'k', ts: 1000 } }, ev(2, 'a', 'k', 1000)], { final: true }),
    nul,
    new Map(),
  )
  t.same(
    r.deadLetters.map((d) => d.reason),
    ['the partition key maps to the reserved carry key of the adapter'],
  )
  t.equal(r.counters.events, 1)
})
