import t from 'tap'
import fc from 'fast-check'
import { InMemoryKeyedStateStore } from '../../src/joins/InMemoryKeyedStateStore.js'
import type { KeyedState } from '../../src/lambda/WindowJob.js'
import type { Json } from '../../src/types.js'
import { SlottedKeyedStateStore, slotKeys } from '../../src/state/SlottedKeyedStateStore.js'
import { InvalidArgumentError } from '../../src/errors.js'

/**
 * Operations as the interval join issues them: timers are never set below the watermark, and
 * after the watermark advances every due key is set again or deleted before anything else.
 */
type Op =
  | { kind: 'set'; key: string; value: number; ahead: number }
  | { kind: 'delete'; key: string }
  | { kind: 'get'; key: string }
  | { kind: 'advance'; by: number; resets: boolean[] }
  | { kind: 'reopen' }

const key = fc.constantFrom('a', 'b', 'c', 'tx-1', '__proto__', 'constructor', '7')
// Often whole seconds, so timers and watermarks meet exactly (the `<` edge) and share slot edges.
const ahead = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map((v) => v * 1000),
  fc.integer({ min: 0, max: 40_000 }),
)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer(), ahead }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), by: ahead, resets: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reopen' as const }) },
)

const deepFreeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k])
    Object.freeze(v)
  }
  return v
}

/** External state as the adapter gives it: what earlier invocations wrote, read-only (frozen), plus this invocation's writes. */
function persisted(stored: Map<string, string>): { state: KeyedState; writes: Map<string, Json> } {
  const writes = new Map<string, Json>()
  const state: KeyedState = {
    get: (k) => (writes.has(k) ? writes.get(k) : stored.has(k) ? deepFreeze(JSON.parse(stored.get(k) as string) as Json) : undefined),
    set: (k, v) => void writes.set(k, v),
  }
  return { state, writes }
}

t.test('behaves like the engine’s in-memory store, across invocations, without mutating what it read', async () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 100 }), fc.constantFrom(1, 3, 8, 256), fc.constantFrom(1, 1000, 5000), (ops, slots, slotMs) => {
      const reference = new InMemoryKeyedStateStore<{ v: number }>()
      const stored = new Map<string, string>()
      let wm = 1_000_000
      let io = persisted(stored)
      const open = () => new SlottedKeyedStateStore<{ v: number }>(io.state, { slots, slotMs, prefix: 'j:', now: () => wm, firedBefore: wm })
      let store = open()
      const reopen = () => {
        store.commit(wm)
        for (const [k, v] of io.writes) stored.set(k, JSON.stringify(v))
        io = persisted(stored)
        store = open()
      }
      const same = (k: string) => JSON.stringify(store.get(k)) === JSON.stringify(reference.get(k))
      for (const o of ops) {
        if (o.kind === 'set') {
          store.set(o.key, { v: o.value }, wm + o.ahead)
          reference.set(o.key, { v: o.value }, wm + o.ahead)
        } else if (o.kind === 'delete') {
          store.delete(o.key)
          reference.delete(o.key)
        } else if (o.kind === 'get') {
          if (!same(o.key)) return false
        } else if (o.kind === 'advance') {
          wm += o.by
          const got = store.dueKeys(wm).sort()
          const want = reference.dueKeys(wm).map(String).sort()
          if (JSON.stringify(got) !== JSON.stringify(want)) return false
          got.forEach((k, i) => {
            if (!same(k)) throw new Error(`due key ${k} differs`)
            if (o.resets[i % 8]) {
              store.set(k, { v: -1 }, wm + 1000 * i)
              reference.set(k, { v: -1 }, wm + 1000 * i)
            } else {
              store.delete(k)
              reference.delete(k)
            }
          })
        } else reopen()
      }
      reopen()
      return ['a', 'b', 'c', 'tx-1', '__proto__', 'constructor', '7'].every(same)
    }),
    { numRuns: 600 },
  )
})

t.test('an invocation rewrites the slot being filled, not the slots of older keys it updates', async (t) => {
  let wm = 0
  const stored = new Map<string, string>()
  let io = persisted(stored)
  let store = new SlottedKeyedStateStore<number>(io.state, { slots: 64, slotMs: 1000, prefix: 'j:', now: () => wm, firedBefore: wm })
  for (let s = 0; s < 10; s++) {
    wm = s * 1000
    for (let k = 0; k < 50; k++) store.set(`k${s}-${k}`, 1, wm + 300_000)
  }
  store.commit(wm)
  for (const [k, v] of io.writes) stored.set(k, JSON.stringify(v))
  io = persisted(stored)
  wm = 20_500
  store = new SlottedKeyedStateStore<number>(io.state, { slots: 64, slotMs: 1000, prefix: 'j:', now: () => wm, firedBefore: wm })
  for (let s = 0; s < 10; s++) store.set(`k${s}-7`, 2, wm + 1000) // an update to a key of every older slot
  store.dueKeys(wm)
  store.commit(wm)
  t.same([...io.writes.keys()].sort(), ['j:20', 'j:index'])
  t.equal(store.get('k3-7'), 2)
  t.equal(store.get('k3-8'), 1)
})

/** A store over persisted state that can be "reopened" as the next invocation would see it. */
function invocations(slots: number, slotMs: number) {
  const stored = new Map<string, string>()
  let io = persisted(stored)
  const clock = { wm: 0 }
  const open = () => new SlottedKeyedStateStore<string>(io.state, { slots, slotMs, prefix: 'j:', now: () => clock.wm, firedBefore: clock.wm })
  let store = open()
  return {
    clock,
    get store() {
      return store
    },
    next() {
      store.commit(clock.wm)
      for (const [k, v] of io.writes) stored.set(k, JSON.stringify(v))
      io = persisted(stored)
      store = open()
    },
  }
}

t.test('a deleted key stays deleted when the ring comes back to its tombstone before its older copy', async (t) => {
  const run = invocations(3, 1000)
  run.store.set('k', 'old', 30_000) // bucket 0, slot 0
  run.clock.wm = 1000
  run.store.set('k', 'newer', 25_000) // bucket 1, slot 1
  run.store.delete('k') // the copy in slot 0 would still look alive: a tombstone in slot 1
  run.next()
  run.clock.wm = 4000 // bucket 4 reuses slot 1 before bucket 3 ever reused slot 0
  run.store.set('x', 'x', 10_000)
  run.next()
  t.equal(run.store.get('k'), undefined)
})

t.test('compacting a slot keeps the tombstones it still needs', async (t) => {
  const run = invocations(8, 1000)
  run.store.set('k', 'old', 30_000) // slot 0
  run.clock.wm = 1000
  for (let i = 0; i < 100; i++) run.store.set(`short-${i}`, 'v', 2000) // slot 1
  run.store.delete('k') // tombstone in slot 1
  run.next()
  run.clock.wm = 2500
  const due = run.store.dueKeys(2500)
  t.equal(due.length, 100)
  for (const k of due) run.store.delete(k)
  run.next() // slot 1 is now mostly dead entries: compacted, keeping the tombstone
  t.equal(run.store.get('k'), undefined)
  t.equal(run.store.get('short-1'), undefined)
})

t.test('what get returns is a copy: mutating it changes nothing stored', async (t) => {
  const { state } = persisted(new Map())
  const store = new SlottedKeyedStateStore<{ l: number[] }>(state, { slots: 4, slotMs: 10, prefix: 'j:', now: () => 0, firedBefore: 0 })
  store.set('k', { l: [1] }, 5)
  store.get('k')?.l.push(2)
  t.same(store.get('k'), { l: [1] })
})

t.test('an unreadable slot or index is treated as empty or rebuilt, and counted', async (t) => {
  const stored = new Map([
    ['j:0', '"garbage"'],
    ['j:1', JSON.stringify({ b: 0, e: { k: [50, 'v'] } })],
    ['j:index', '{"m": 3}'],
  ])
  const store = new SlottedKeyedStateStore<string>(persisted(stored).state, { slots: 2, slotMs: 10, prefix: 'j:', now: () => 0, firedBefore: 0 })
  t.equal(store.get('x'), undefined)
  t.same(store.dueKeys(51), ['k'], 'without a readable index every slot is opened')
  t.equal(store.unreadable, 2)
})

t.test('options are checked at the door', async (t) => {
  const { state } = persisted(new Map())
  const base = { prefix: 'j:', now: () => 0, firedBefore: 0 }
  t.throws(() => new SlottedKeyedStateStore(state, { ...base, slots: 0, slotMs: 10 }), InvalidArgumentError)
  t.throws(() => new SlottedKeyedStateStore(state, { ...base, slots: 2, slotMs: 0.5 }), InvalidArgumentError)
  t.same(slotKeys('j:', 3), ['j:0', 'j:1', 'j:2', 'j:index'])
})
