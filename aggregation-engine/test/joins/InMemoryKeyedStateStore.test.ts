import t from 'tap'
import fc from 'fast-check'
import { InMemoryKeyedStateStore } from '../../src/joins/InMemoryKeyedStateStore.js'
import type { Key } from '../../src/types.js'

t.test('lists the keys whose timer is strictly before the watermark', async (t) => {
  const store = new InMemoryKeyedStateStore<string>()
  store.set('a', 'A', 10)
  store.set(1, 'one', 5)
  store.set('1', 'string one', 20)
  t.same(store.dueKeys(5), [], 'a timer at the watermark is not due yet')
  t.same(store.dueKeys(11).sort(), [1, 'a'].sort())
  t.equal(store.get('1'), 'string one', 'number and string keys are distinct')
  t.equal(store.size, 3)
})

t.test('a new timer replaces the old one, and a deleted key is never due', async (t) => {
  const store = new InMemoryKeyedStateStore<number>()
  store.set('k', 1, 10)
  store.set('k', 2, 30)
  store.set('gone', 0, 1)
  store.delete('gone')
  t.same(store.dueKeys(20), [])
  t.same(store.dueKeys(31), ['k'])
  t.equal(store.get('k'), 2)
  t.same([...store.entries()], [['k', 2]])
})

t.test('behaves like a naive map of timers under any sequence of operations', async (t) => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom<Key>('a', 'b', 'c', 1, 2), timer: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom<Key>('a', 'b', 'c', 1, 2) }),
    fc.record({ kind: fc.constant('due' as const), wm: fc.integer({ min: 0, max: 60 }) }),
  )
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const store = new InMemoryKeyedStateStore<number>()
      const model = new Map<Key, number>()
      for (const o of ops) {
        if (o.kind === 'set') {
          store.set(o.key, o.timer, o.timer)
          model.set(o.key, o.timer)
        } else if (o.kind === 'delete') {
          store.delete(o.key)
          model.delete(o.key)
        } else {
          const expected = [...model]
            .filter(([, timer]) => timer < o.wm)
            .map(([k]) => String(k) + typeof k)
            .sort()
          const got = store
            .dueKeys(o.wm)
            .map((k) => String(k) + typeof k)
            .sort()
          if (JSON.stringify(got) !== JSON.stringify(expected)) return false
          // The caller sets or deletes every due key; model that with a later timer.
          for (const [k, timer] of model)
            if (timer < o.wm) {
              store.set(k, o.wm + 5, o.wm + 5)
              model.set(k, o.wm + 5)
            }
        }
      }
      return [...model].every(([k, v]) => store.get(k) === v) && store.size === model.size
    }),
    { numRuns: 200 },
  )
  t.pass('matches the model')
})
