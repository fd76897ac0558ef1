import t from 'tap'
import fc from 'fast-check'
import { FtrlModel } from '../../src/model/FtrlModel.js'
import { MlError, ModelFormatError } from '../../src/errors.js'
import { config, examples, vector } from './_examples.js'

const DEFAULT = { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 }
const trained = (cfg: typeof DEFAULT, data: ReadonlyArray<readonly [Parameters<FtrlModel['update']>[0], 0 | 1]>) => {
  const m = FtrlModel.create(cfg)
  for (const [x, y] of data) m.update(x, y)
  return m
}

t.test('deterministic: the same examples in the same order give bit-identical state', async () => {
  fc.assert(fc.property(config, examples, (cfg, data) => JSON.stringify(trained(cfg, data).snapshot()) === JSON.stringify(trained(cfg, data).snapshot())))
})

t.test('snapshot → JSON → restore reproduces predictions exactly, and training continues identically', async () => {
  fc.assert(
    fc.property(config, examples, examples, fc.array(vector, { minLength: 1, maxLength: 10 }), (cfg, before, after, probes) => {
      const original = trained(cfg, before)
      const restored = FtrlModel.restore(JSON.parse(JSON.stringify(original.snapshot())))
      if (!restored.ok) return false
      if (!probes.every((x) => restored.model.predict(x) === original.predict(x))) return false
      for (const [x, y] of after) if (original.update(x, y) !== restored.model.update(x, y)) return false
      return JSON.stringify(original.snapshot()) === JSON.stringify(restored.model.snapshot())
    }),
  )
})

t.test('update returns the score before the step, and the step moves the score toward the label', async (t) => {
  const m = FtrlModel.create({ alpha: 0.5, beta: 1, l1: 0, l2: 0 })
  const x = { indices: [1, 5], values: [1, 2] }
  t.equal(m.update(x, 1), 0.5)
  t.ok(m.predict(x) > 0.5)
  const before = m.predict(x)
  t.equal(m.update(x, 0), before)
  t.ok(m.predict(x) < before)
})

t.test('learns a separable problem; L1 keeps a noise coordinate at exactly zero', async (t) => {
  const m = FtrlModel.create({ alpha: 0.5, beta: 1, l1: 1, l2: 0 })
  for (let i = 0; i < 2000; i++) {
    const y = (i % 2) as 0 | 1
    // coordinate 0 is the bias, 1 fires for positives, 2 for negatives, 3 always (noise with tiny values)
    m.update({ indices: [0, y ? 1 : 2, 3], values: [1, 1, 0.001] }, y)
  }
  t.ok(m.predict({ indices: [0, 1], values: [1, 1] }) > 0.95)
  t.ok(m.predict({ indices: [0, 2], values: [1, 1] }) < 0.05)
  t.equal(m.weight(3), 0)
  t.equal(m.weight(42), 0, 'a coordinate never seen has weight 0')
})

t.test('a bad snapshot is reported as a value, never thrown', async (t) => {
  const good = trained(DEFAULT, [[{ indices: [1, 2], values: [1, 1] }, 1]]).snapshot() as Record<string, unknown>
  const bad: unknown[] = [
    null,
    [],
    'x',
    { ...good, format: 'other' },
    { ...good, version: 2 },
    { ...good, config: { ...DEFAULT, alpha: -1 } },
    { ...good, count: 3 },
    { ...good, z: 'not base64!' },
    { ...good, indices: Buffer.from(new Uint32Array([2, 1]).buffer).toString('base64') },
    { ...good, n: Buffer.from(new Float64Array([1, -1]).buffer).toString('base64') },
  ]
  for (const value of bad) {
    const r = FtrlModel.restore(value)
    t.equal(r.ok, false, JSON.stringify(value)?.slice(0, 60))
    if (!r.ok) t.type(r.error, ModelFormatError)
  }
})

t.test('hyper-parameters are checked at the door; a prior must not have a prior', async (t) => {
  t.throws(() => FtrlModel.create({ ...DEFAULT, alpha: 0 }), MlError)
  t.throws(() => FtrlModel.create({ ...DEFAULT, l1: -1 }), MlError)
  t.throws(() => FtrlModel.create({ ...DEFAULT, beta: NaN }), MlError)
  const prior = FtrlModel.create(DEFAULT)
  t.throws(() => FtrlModel.create(DEFAULT, { prior: FtrlModel.create(DEFAULT, { prior }) }), MlError)
})

t.test('restore may continue with other hyper-parameters: the state carries over unchanged', async (t) => {
  const m = trained(DEFAULT, [[{ indices: [1], values: [1] }, 1]])
  const r = FtrlModel.restore(m.snapshot(), { config: { ...DEFAULT, l1: 0 } })
  t.ok(r.ok)
  if (r.ok) {
    t.same(r.model.config, { ...DEFAULT, l1: 0 })
    t.same([...r.model.coordinates()], [...m.coordinates()])
  }
})
