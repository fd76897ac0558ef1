import t from 'tap'
import fc from 'fast-check'
import { FtrlModel } from '../../src/model/FtrlModel.js'
import { combineModels } from '../../src/model/combineModels.js'
import { examples, vector } from './_examples.js'

const CONFIG = { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 }
type Data = ReadonlyArray<readonly [Parameters<FtrlModel['update']>[0], 0 | 1]>
const train = (data: Data, prior?: FtrlModel) => {
  const m = FtrlModel.create(CONFIG, prior ? { prior } : {})
  for (const [x, y] of data) m.update(x, y)
  return m
}
const bytes = (m: FtrlModel) => JSON.stringify(m.snapshot())

t.test('identity: combining one learner, or one with an empty learner, gives it back bit for bit', async () => {
  fc.assert(
    fc.property(examples, (data) => {
      const m = train(data)
      return bytes(combineModels(CONFIG, [m])) === bytes(m) && bytes(combineModels(CONFIG, [m, FtrlModel.create(CONFIG)])) === bytes(m)
    }),
  )
})

t.test('commutative for two learners (IEEE addition is), and the n of the sum is the sum of the n', async () => {
  fc.assert(
    fc.property(examples, examples, (a, b) => {
      const ma = train(a)
      const mb = train(b)
      const ab = combineModels(CONFIG, [ma, mb])
      if (bytes(ab) !== bytes(combineModels(CONFIG, [mb, ma]))) return false
      const n = new Map<number, number>()
      for (const m of [ma, mb]) for (const [i, , ni] of m.coordinates()) n.set(i, (n.get(i) ?? 0) + ni)
      return [...ab.coordinates()].every(([i, , ni]) => ni === n.get(i))
    }),
  )
})

t.test('a learner with a prior predicts exactly as the combination of the prior and itself when the prior holds the other coordinates', async () => {
  fc.assert(
    fc.property(examples, examples, fc.array(vector, { minLength: 1, maxLength: 5 }), (a, b, probes) => {
      const other = train(a)
      const own = train(b, other)
      const sum = combineModels(CONFIG, [other, own])
      // Up to rounding of z_other + z_own: compare to 12 significant digits.
      return probes.every((x) => Math.abs(own.predict(x) - sum.predict(x)) < 1e-12)
    }),
  )
})

t.test('no update is lost: a single shard trained with an empty prior equals a sequential learner exactly', async () => {
  fc.assert(
    fc.property(examples, examples, (first, second) => {
      const sequential = train([...first, ...second])
      // Shard learner: trains `first`, is snapshotted, restored with an (empty) prior, trains `second`.
      const restored = FtrlModel.restore(train(first).snapshot(), { prior: combineModels(CONFIG, []) })
      if (!restored.ok) return false
      for (const [x, y] of second) restored.model.update(x, y)
      return bytes(combineModels(CONFIG, [restored.model])) === bytes(sequential)
    }),
  )
})

t.test('every shard increment counts once: n of the combined learners equals Σ g² over all examples', async () => {
  fc.assert(
    fc.property(examples, examples, (a, b) => {
      // Shard A trains first; shard B trains with A as its prior; the combination holds both.
      const ma = train(a)
      const gSquared = new Map<number, number>()
      const probe = FtrlModel.create(CONFIG)
      for (const [x, y] of a) {
        const p = probe.update(x, y)
        x.indices.forEach((i, k) => gSquared.set(i, (gSquared.get(i) ?? 0) + ((p - y) * (x.values[k] as number)) ** 2))
      }
      const mb = FtrlModel.create(CONFIG, { prior: ma })
      for (const [x, y] of b) {
        const p = mb.update(x, y)
        x.indices.forEach((i, k) => gSquared.set(i, (gSquared.get(i) ?? 0) + ((p - y) * (x.values[k] as number)) ** 2))
      }
      const sum = combineModels(CONFIG, [ma, mb])
      return [...sum.coordinates()].every(([i, , n]) => Math.abs(n - (gSquared.get(i) ?? 0)) <= 1e-9 * Math.max(1, n))
    }),
  )
})
