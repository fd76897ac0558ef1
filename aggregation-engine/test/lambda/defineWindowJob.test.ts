import t from 'tap'
import fc from 'fast-check'
import { defineWindowJob } from '../../src/lambda/defineWindowJob.js'
import { planWindowInvocation } from '../../src/lambda/planWindowInvocation.js'
import { runWindowInvocation, type PartialAccumulator } from '../../src/lambda/runWindowInvocation.js'
import { InMemoryStateBackend } from '../../src/lambda/InMemoryStateBackend.js'
import type { KinesisWindowEvent } from '../../src/lambda/KinesisWindowEvent.js'
import type { ParseResult, WindowJob } from '../../src/lambda/WindowJob.js'
import { sessionWindows } from '../../src/assigners/sessionWindows.js'
import { tumblingWindows } from '../../src/assigners/tumblingWindows.js'
import { slidingWindows } from '../../src/assigners/slidingWindows.js'
import { count } from '../../src/functions/count.js'
import { sum } from '../../src/functions/sum.js'
import { InvalidArgumentError } from '../../src/errors.js'
import type { AggregateFunction } from '../../src/types.js'
import { windowEvent, type TestRecord } from './helpers.js'
import { sessionOracle, type OracleFiring, type OracleItem } from './sessionOracle.js'

interface Ev {
  id: string
  key: string
  ts: number
}

/** Events `{id, key, ts}`, heartbeats `{type: 'heartbeat', ts}`. */
function parseEv(value: unknown): ParseResult<Ev> {
  const v = value as Record<string, unknown>
  if (v.type === 'heartbeat' && typeof v.ts === 'number') return { kind: 'heartbeat', ts: v.ts }
  if (typeof v.id !== 'string' || typeof v.key !== 'string') return { kind: 'invalid', reason: 'id and key must be strings' }
  return { kind: 'event', event: { id: v.id, key: v.key, ts: v.ts as number } }
}

/** The ids in a window, sorted: the strongest check of which elements a window holds. */
const ids: AggregateFunction<Ev, number[], number[]> = {
  createAccumulator: () => [],
  add: (e, acc) => [...acc, Number(e.id.slice(2))].sort((a, b) => a - b),
  merge: (a, b) => [...a, ...b].sort((x, y) => x - y),
  getResult: (acc) => acc,
}

function invoke<E, R>(job: WindowJob<E, R>, event: KinesisWindowEvent, backend: InMemoryStateBackend, budget?: number) {
  const plan = planWindowInvocation(event, job)
  const fetched = backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber)
  const result = runWindowInvocation(event, job, fetched, budget === undefined ? {} : { stateBudgetBytes: budget })
  backend.write(result.segment)
  return result
}

/** The fields every job over {@link Ev}s shares: the parser, the event time and, unless given, the key. */
const EV_JOB = { version: 1, parse: parseEv, timestamp: (e: Ev) => e.ts, key: (e: Ev): string | number => e.key }

const ev = (n: number, key: string, ts: number): TestRecord => ({ n, value: { id: `id${n}`, key, ts } })
const hb = (n: number, ts: number): TestRecord => ({ n, value: { type: 'heartbeat', ts }, partitionKey: 'hb' })

t.test('a tumbling job in a few lines: partials per (key, window), the watermark carried across Lambda windows', async (t) => {
  const job = defineWindowJob({
    ...EV_JOB,
    name: 'counts',
    watermark: { bound: 0 },
    assigner: tumblingWindows({ size: 10 }),
    aggregate: count(),
  })
  const b = new InMemoryStateBackend()
  const first = invoke(job, windowEvent([ev(1, 'a', 3), ev(2, 'a', 12)], { final: true }), b)
  t.same(
    first.partials.map((p) => [p.key, p.window.start, p.accumulator]),
    [
      ['a', 0, 1],
      ['a', 10, 1],
    ],
    'a window cleaned up before the flush still leaves',
  )
  t.same(first.emitted, [], 'fixed windows leave as partials only')
  // The next Lambda window starts from the carried watermark (11): 3 is late, 15 is not.
  const second = invoke(job, windowEvent([ev(3, 'a', 3), ev(4, 'a', 15)], { final: true }), b)
  t.same(
    second.late.map((e) => e.id),
    ['id3'],
  )
  t.same(
    second.partials.map((p) => [p.key, p.window.start, p.accumulator]),
    [['a', 10, 1]],
  )
})

t.test('a heartbeat moves the watermark of a quiet shard', async (t) => {
  const job = defineWindowJob({
    ...EV_JOB,
    name: 'counts',
    watermark: { bound: 5 },
    assigner: tumblingWindows({ size: 10 }),
    aggregate: count(),
  })
  const b = new InMemoryStateBackend()
  invoke(job, windowEvent([hb(1, 100)], { final: true }), b)
  const r = invoke(job, windowEvent([ev(2, 'a', 50)], { final: true }), b)
  t.same(
    r.late.map((e) => e.id),
    ['id2'],
    'behind the heartbeat watermark 94',
  )
})

t.test('sessions stay open across Lambda windows and fire as Flink would', async (t) => {
  const job = defineWindowJob({
    ...EV_JOB,
    name: 'sessions',
    watermark: { bound: 0 },
    assigner: sessionWindows({ gap: 10 }),
    aggregate: ids,
    allowedLateness: 40,
  })
  const b = new InMemoryStateBackend()
  const one = invoke(job, windowEvent([ev(1, 'u', 100), ev(2, 'v', 105)], { final: true }), b)
  t.same(one.emitted, [])
  // A new Lambda window: 108 extends u's open session; 140 closes both.
  const two = invoke(job, windowEvent([ev(3, 'u', 108), ev(4, 'w', 140)], { final: true }), b)
  t.same(
    two.emitted.map((r) => [r.key, r.window, r.value, r.firing]),
    [
      ['v', { start: 105, end: 115 }, [2], 'on-time'],
      ['u', { start: 100, end: 118 }, [1, 3], 'on-time'],
    ],
  )
  // Within the lateness (117 + 40 > 139), 95 merges into u's closed session and fires it again, late, whole.
  const three = invoke(job, windowEvent([ev(5, 'u', 95)], { final: true }), b)
  t.same(
    three.emitted.map((r) => [r.key, r.window, r.value, r.firing]),
    [['u', { start: 95, end: 118 }, [1, 3, 5], 'late']],
  )
  t.same(three.late, [])
})

t.test('a join job: pairs within the interval enter the window, its state outlives the Lambda window', async (t) => {
  type Ad = { type: 'bid'; tx: string; campaign: number; ts: number } | { type: 'imp'; tx: string; price: number; ts: number }
  const job = defineWindowJob({
    name: 'spend',
    version: 1,
    parse: (v) => ({ kind: 'event', event: v as Ad }),
    timestamp: (e: Ad) => e.ts,
    watermark: { bound: 0 },
    join: {
      side: (e) => (e.type === 'bid' ? 'left' : 'right'),
      key: (e) => e.tx,
      lowerBound: 0,
      upperBound: 100,
      select: (bid, imp, ts) => ({ campaign: bid.type === 'bid' ? bid.campaign : -1, price: imp.type === 'imp' ? imp.price : 0, ts }),
    },
    key: (w) => w.campaign,
    assigner: tumblingWindows({ size: 1_000 }),
    aggregate: sum((w: { price: number }) => w.price),
  })
  const rec = (n: number, value: Ad): TestRecord => ({ n, value, partitionKey: value.tx })
  const b = new InMemoryStateBackend()
  const one = invoke(
    job,
    windowEvent([rec(1, { type: 'bid', tx: 't1', campaign: 7, ts: 10 }), rec(2, { type: 'bid', tx: 't2', campaign: 7, ts: 20 })], { final: true }),
    b,
  )
  t.same(one.partials, [])
  const two = invoke(
    job,
    windowEvent(
      [
        rec(3, { type: 'imp', tx: 't1', price: 3, ts: 50 }),
        rec(4, { type: 'imp', tx: 't2', price: 4, ts: 200 }), // outside t2's interval [20, 120]
        { n: 5, value: { type: 'imp', tx: 't3', price: 1, ts: 60 }, partitionKey: 'other' },
      ],
      { final: true },
    ),
    b,
  )
  t.same(
    two.partials.map((p) => [p.key, p.window.start, p.accumulator]),
    [[7, 0, [3]]],
  )
  t.same(
    two.deadLetters.map((d) => d.reason),
    ['join key "t3" is not the partition key "other": producers must use the join key as partition key'],
  )
  const three = invoke(job, windowEvent([rec(6, { type: 'imp', tx: 't1', price: 9, ts: 150 })], { final: true }), b)
  t.same(
    three.late.map((e) => e.ts),
    [150],
    'behind the watermark (199) the impression is late, not lost',
  )
})

t.test('bad events become dead letters, never a failed batch', async (t) => {
  const job = defineWindowJob({
    ...EV_JOB,
    name: 'counts',
    watermark: { bound: 0 },
    key: (e) => (e.key === 'nan' ? Number.NaN : e.key),
    assigner: tumblingWindows({ size: 10 }),
    aggregate: count(),
  })
  const r = invoke(
    job,
    windowEvent([{ n: 1, value: { id: 'x', key: 'a', ts: 1.5 } }, ev(2, 'nan', 1), ev(3, 'a', 1)], { final: true }),
    new InMemoryStateBackend(),
  )
  t.same(
    r.deadLetters.map((d) => d.reason),
    ['timestamp must be an integer number of epoch milliseconds, got 1.5', 'key must be a string or a finite number, got NaN'],
  )
  t.same(
    r.partials.map((p) => p.accumulator),
    [1],
  )
})

t.test('a job whose own code throws on a record dead-letters that record and goes on', async (t) => {
  const job = defineWindowJob({
    name: 'throws',
    version: 1,
    parse: (v) => {
      if ((v as Ev).key === 'parse') throw new Error('bad parse')
      return parseEv(v)
    },
    timestamp: (e) => e.ts,
    watermark: { bound: 0 },
    key: (e) =>
      e.key === 'key'
        ? (() => {
            throw new Error('bad key')
          })()
        : e.key,
    assigner: tumblingWindows({ size: 10 }),
    aggregate: sum((e: Ev) => {
      if (e.key === 'add') throw new TypeError('bad add')
      return 1
    }),
  })
  const records = [ev(1, 'parse', 1), ev(2, 'key', 1), ev(3, 'add', 1), ev(4, 'a', 2)]
  const r = invoke(job, windowEvent(records, { final: true }), new InMemoryStateBackend())
  t.same(
    r.deadLetters.map((d) => [d.sequenceNumber.slice(-1), d.reason]),
    [
      ['1', "the job's parse threw: bad parse"],
      ['2', "the job's parse threw: bad key"],
      ['3', 'the job threw on this event: bad add'],
    ],
  )
  t.same(
    r.partials.map((p) => [p.key, p.accumulator]),
    [['a', [1]]],
    'the other records are counted',
  )
})

t.test('a defined job says how to merge its partials and read their values', async (t) => {
  const job = defineWindowJob({
    ...EV_JOB,
    name: 'ids',
    watermark: { bound: 0 },
    assigner: tumblingWindows({ size: 10 }),
    aggregate: ids,
  })
  t.same(job.accumulators.merge([1, 4], [2]), [1, 2, 4])
  t.same(job.accumulators.result([3]), [3])
  const counting = defineWindowJob({
    ...EV_JOB,
    name: 'c',
    watermark: { bound: 0 },
    assigner: tumblingWindows({ size: 10 }),
    aggregate: count(),
  })
  t.equal(counting.accumulators.result(counting.accumulators.merge(2, 3)), 5)
})

t.test('a carry it cannot read is counted and the job starts afresh', async (t) => {
  const job = defineWindowJob({
    ...EV_JOB,
    name: 'c',
    watermark: { bound: 0 },
    assigner: tumblingWindows({ size: 10 }),
    aggregate: count(),
  })
  const r = runWindowInvocation(windowEvent([ev(1, 'a', 1)], { final: true }), job, new Map([['\u0000carry', 'garbage']]))
  t.equal(r.counters.unreadableCarry, 1)
  t.same(
    r.partials.map((p) => p.accumulator),
    [1],
  )
})

t.test('invalid options throw InvalidArgumentError naming the rule', async (t) => {
  const base = {
    ...EV_JOB,
    name: 'c',
    watermark: { bound: 0 },
    assigner: tumblingWindows({ size: 10 }),
    aggregate: count(),
  }
  t.throws(() => defineWindowJob({ ...base, name: '' }), new InvalidArgumentError('name must be a non-empty string'))
  t.throws(
    () => defineWindowJob({ ...base, assigner: tumblingWindows({ size: 10, timeDomain: 'processing' }) }),
    new InvalidArgumentError('assigner must be an event-time window assigner: the adapter has no processing time'),
  )
  t.throws(() => defineWindowJob({ ...base, watermark: { bound: -1 } }), new InvalidArgumentError('bound must be a non-negative integer (milliseconds)'))
  t.throws(() => defineWindowJob({ ...base, allowedLateness: -1 }), /allowedLateness must be a non-negative integer/)
  const join = { side: () => 'left' as const, key: (e: Ev) => e.id, lowerBound: 5, upperBound: 1, select: (l: Ev) => l }
  t.throws(() => defineWindowJob({ ...base, join }), /lowerBound must be <= upperBound/)
})

/** Drives records through the adapter in Lambda windows and batches with retries, bisects and double deliveries; returns the committed outputs. */
function driveWithFaults<E, R>(
  job: WindowJob<E, R>,
  records: TestRecord[],
  cuts: number[],
  faults: number[],
  budget: number,
): { emitted: R[]; late: E[]; partials: PartialAccumulator[] } {
  const windows: TestRecord[][][] = [[[]]]
  records.forEach((r, i) => {
    const cut = cuts[i % cuts.length] ?? 3
    const w = windows[windows.length - 1]!
    if (i > 0 && cut === 0) windows.push([[r]])
    else if (i > 0 && cut === 1) w.push([r])
    else w[w.length - 1]!.push(r)
  })
  const backend = new InMemoryStateBackend()
  const emitted: R[] = []
  const late: E[] = []
  const partials = new Map<string, PartialAccumulator>()
  let f = 0
  for (const batches of windows) {
    let state: Record<string, unknown> = {}
    // Every run reads the backend afresh (a cold container); only the run whose response Lambda keeps commits its outputs.
    const run = (recs: TestRecord[], final: boolean, kept: boolean) => {
      const r = invoke(job, windowEvent(recs, { state, final }), backend, budget)
      for (const p of r.partials) partials.set(`${p.id}|${String(p.key)}|${p.window.start}|${p.window.end}`, p)
      if (kept) {
        emitted.push(...r.emitted)
        late.push(...r.late)
        state = r.response.state
      }
    }
    for (const [batch, final] of [...batches.map((b) => [b, false] as const), [[] as TestRecord[], true] as const]) {
      const fault = faults[f++ % faults.length]
      if (fault === 0) run(batch, final, false) // failed after its writes: Lambda retries the same input
      if (fault === 1 && batch.length > 1) {
        run(batch, final, false) // failed after its writes, then bisected
        const half = Math.ceil(batch.length / 2)
        run(batch.slice(0, half), false, true)
        run(batch.slice(half), final, true)
        continue
      }
      if (fault === 2) run(batch, final, false) // delivered twice, the second response kept
      run(batch, final, true)
    }
  }
  return { emitted, late, partials: [...partials.values()] }
}

const itemsArb = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('event' as const), key: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: 0, max: 200 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('heartbeat' as const), ts: fc.integer({ min: 0, max: 260 }) }) },
  ),
  { minLength: 1, maxLength: 60 },
)
const adapterArb = fc.record({
  cuts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), // 0 = new Lambda window, 1 = new batch
  faults: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 60, maxLength: 60 }), // 0 = retry, 1 = retry bisected, 2 = twice
  budget: fc.constantFrom(150, 600, 1_000_000),
})

function toRecords(items: readonly { kind: 'event' | 'heartbeat'; key?: string; ts: number }[]): { records: TestRecord[]; oracle: OracleItem[] } {
  const records: TestRecord[] = []
  const oracle: OracleItem[] = []
  items.forEach((item, i) => {
    if (item.kind === 'heartbeat') {
      records.push(hb(i + 1, item.ts))
      oracle.push({ kind: 'heartbeat', ts: item.ts })
    } else {
      records.push(ev(i + 1, item.key as string, item.ts))
      oracle.push({ kind: 'event', id: i + 1, key: item.key as string, ts: item.ts })
    }
  })
  return { records, oracle }
}

const firingId = (f: OracleFiring) => JSON.stringify([f.key, f.start, f.end, f.ids, f.firing])

t.test("sessions through the adapter equal Flink's rules, whatever the Lambda windows, retries, bisects and double deliveries", async () => {
  const sessionArb = fc.record({ gap: fc.integer({ min: 1, max: 30 }), bound: fc.integer({ min: 0, max: 20 }), lateness: fc.integer({ min: 0, max: 40 }) })
  fc.assert(
    fc.property(itemsArb, sessionArb, adapterArb, (items, { gap, bound, lateness }, { cuts, faults, budget }) => {
      const job = defineWindowJob({
        ...EV_JOB,
        name: 'sessions',
        watermark: { bound },
        assigner: sessionWindows({ gap }),
        aggregate: ids,
        allowedLateness: lateness,
      })
      const { records, oracle } = toRecords(items)
      const got = driveWithFaults(job, records, cuts, faults, budget)
      const want = sessionOracle(oracle, gap, bound, lateness)
      const gotFirings = got.emitted.map((r) =>
        firingId({ key: String(r.key), start: r.window.start, end: r.window.end, ids: r.value, firing: r.firing as 'on-time' | 'late' }),
      )
      if (JSON.stringify(gotFirings.sort()) !== JSON.stringify(want.firings.map(firingId).sort())) return false
      return JSON.stringify(got.late.map((e) => Number(e.id.slice(2))).sort((a, b) => a - b)) === JSON.stringify([...want.late].sort((a, b) => a - b))
    }),
    { numRuns: 300 },
  )
})

t.test('fixed windows through the adapter: partials merged by id equal the group-by over the elements that were not late', async () => {
  const fixedArb = fc.record({ bound: fc.integer({ min: 0, max: 20 }), lateness: fc.integer({ min: 0, max: 40 }), sliding: fc.boolean() })
  fc.assert(
    fc.property(itemsArb, fixedArb, adapterArb, (items, { bound, lateness, sliding }, { cuts, faults, budget }) => {
      const assigner = sliding ? slidingWindows({ size: 20, slide: 7 }) : tumblingWindows({ size: 20 })
      const job = defineWindowJob({
        ...EV_JOB,
        name: 'fixed',
        watermark: { bound },
        assigner,
        aggregate: ids,
        allowedLateness: lateness,
      })
      const { records, oracle } = toRecords(items)
      const got = driveWithFaults(job, records, cuts, faults, budget)
      // Flink's rule per window: an element is late in a window when end - 1 + lateness <= watermark.
      const want = new Map<string, number[]>()
      const late: number[] = []
      let wm = Number.MIN_SAFE_INTEGER
      for (const item of oracle) {
        if (item.kind === 'event') {
          const live = assigner.assign(item.ts).filter((w) => w.end - 1 + lateness > wm)
          if (live.length === 0) late.push(item.id)
          for (const w of live) {
            const k = `${item.key}|${w.start}`
            want.set(
              k,
              [...(want.get(k) ?? []), item.id].sort((a, b) => a - b),
            )
          }
        }
        wm = Math.max(wm, item.ts - bound - 1)
      }
      const merged = new Map<string, number[]>()
      for (const p of got.partials) {
        const k = `${String(p.key)}|${p.window.start}`
        merged.set(
          k,
          [...(merged.get(k) ?? []), ...(p.accumulator as number[])].sort((a, b) => a - b),
        )
      }
      if (JSON.stringify([...merged].sort()) !== JSON.stringify([...want].sort())) return false
      return JSON.stringify(got.late.map((e) => Number(e.id.slice(2))).sort((a, b) => a - b)) === JSON.stringify(late.sort((a, b) => a - b))
    }),
    { numRuns: 200 },
  )
})
