import t from 'tap'
import fc from 'fast-check'
import { fitLogisticRegression, type LabelledVector } from '../../../src/suites/model/batchLogisticRegression.js'
import { crossValidatedLogisticRegression } from '../../../src/suites/model/crossValidatedLogisticRegression.js'

const vec = (pairs: Array<[number, number]>) => ({ indices: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) })

/** The gradient of the penalised objective at the fitted weights, by brute force. */
function gradient(
  data: readonly LabelledVector[],
  predict: (x: LabelledVector['x']) => number,
  weight: (i: number) => number,
  l2: number,
  bias: number,
): Map<number, number> {
  const g = new Map<number, number>()
  for (const { x, y } of data) {
    const p = predict(x)
    x.indices.forEach((i, k) => g.set(i, (g.get(i) ?? 0) + (p - y) * (x.values[k] as number)))
  }
  for (const i of g.keys()) if (i !== bias) g.set(i, (g.get(i) as number) + l2 * weight(i))
  return g
}

t.test('one binary feature and a bias: the unpenalised fit reproduces the two groups’ win rates', async (t) => {
  // Group A (feature on): 30 wins of 40; group B (off): 10 of 40. The optimum predicts each group's rate exactly.
  const data: LabelledVector[] = []
  for (let i = 0; i < 40; i++)
    data.push(
      {
        x: vec([
          [0, 1],
          [1, 1],
        ]),
        y: i < 30 ? 1 : 0,
      },
      { x: vec([[0, 1]]), y: i < 10 ? 1 : 0 },
    )
  const m = fitLogisticRegression(data, { l2: 0, biasIndex: 0, tolerance: 1e-10 })
  t.ok(
    Math.abs(
      m.predict(
        vec([
          [0, 1],
          [1, 1],
        ]),
      ) - 0.75,
    ) < 1e-6,
  )
  t.ok(Math.abs(m.predict(vec([[0, 1]])) - 0.25) < 1e-6)
})

t.test('the fit is a stationary point of the penalised objective (KKT), whatever the data', async () => {
  const example = fc.record({
    x: fc
      .uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 })
      .chain((idx) => fc.tuple(fc.constant(idx), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: idx.length, maxLength: idx.length }))),
    y: fc.constantFrom<0 | 1>(0, 1),
  })
  fc.assert(
    fc.property(fc.array(example, { minLength: 5, maxLength: 60 }), fc.constantFrom(0.1, 1, 10), (raw, l2) => {
      const data = raw.map(({ x: [idx, vals], y }) => {
        const pairs: Array<[number, number]> = [[0, 1], ...idx.map((i, k): [number, number] => [i, vals[k] as number])]
        return { x: vec(pairs.sort((a, b) => a[0] - b[0])), y }
      })
      const m = fitLogisticRegression(data, { l2, biasIndex: 0, tolerance: 1e-8, maxIterations: 2000 })
      const g = gradient(
        data,
        (x) => m.predict(x),
        (i) => m.weights.get(i) ?? 0,
        l2,
        0,
      )
      return [...g.values()].every((v) => Math.abs(v) < 1e-5)
    }),
    { numRuns: 60 },
  )
})

t.test('cross-validation prefers a strong penalty on pure noise and a weak one on a clean signal', async (t) => {
  // A small LCG, so labels do not line up with the folds (example i validates in fold i mod 5).
  let state = 12345
  const uniform = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const noise: LabelledVector[] = Array.from({ length: 400 }, () => ({
    x: vec([
      [0, 1],
      [1 + Math.floor(uniform() * 97), 1],
    ]),
    y: uniform() < 0.5 ? 1 : 0,
  }))
  const signal: LabelledVector[] = Array.from({ length: 400 }, (_, i) => ({
    x: vec([
      [0, 1],
      [1 + (i % 2), 1],
    ]),
    y: uniform() < (i % 2 === 0 ? 0.9 : 0.05) ? 1 : 0,
  }))
  const grid = [0.01, 100]
  t.equal(crossValidatedLogisticRegression(noise, { grid, biasIndex: 0 }).model.l2, 100)
  t.equal(crossValidatedLogisticRegression(signal, { grid, biasIndex: 0 }).model.l2, 0.01)
})

t.test('bad input is refused with a clear error', async (t) => {
  t.throws(() => fitLogisticRegression([], { l2: 1 }), /at least one example/)
  t.throws(() => fitLogisticRegression([{ x: vec([[0, 1]]), y: 1 }], { l2: -1 }), /l2 must be/)
  t.throws(() => crossValidatedLogisticRegression([{ x: vec([[0, 1]]), y: 1 }]), /at least 5 examples/)
  t.throws(() => crossValidatedLogisticRegression([], { folds: 1 }), /folds must be/)
})
