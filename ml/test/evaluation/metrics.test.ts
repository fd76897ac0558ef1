import t from 'tap'
import fc from 'fast-check'
import { auc } from '../../src/evaluation/auc.js'
import { logLoss, exampleLogLoss } from '../../src/evaluation/logLoss.js'
import { ProgressiveValidation } from '../../src/evaluation/ProgressiveValidation.js'

const scored = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<0 | 1>(0, 1)), { minLength: 2, maxLength: 200 })

/** The definition: P(score of a positive > score of a negative), ties one half. */
function bruteAuc(pairs: ReadonlyArray<readonly [number, 0 | 1]>): number {
  let wins = 0
  let total = 0
  for (const [sp, yp] of pairs)
    if (yp === 1)
      for (const [sn, yn] of pairs)
        if (yn === 0) {
          total++
          wins += sp > sn ? 1 : sp === sn ? 0.5 : 0
        }
  return total === 0 ? NaN : wins / total
}

t.test('auc is the Mann–Whitney statistic, ties counting one half', async (t) => {
  fc.assert(
    fc.property(scored, (pairs) => {
      const got = auc(
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      )
      const want = bruteAuc(pairs)
      return Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) < 1e-12
    }),
  )
  t.equal(auc([0.9, 0.2, 0.6], [1, 0, 0]), 1)
  t.equal(auc([0.5, 0.5], [1, 0]), 0.5)
  t.ok(Number.isNaN(auc([0.1, 0.2], [1, 1])))
})

t.test('log loss: ln 2 for a coin, finite for a confident mistake', async (t) => {
  t.ok(Math.abs(logLoss([0.5, 0.5], [1, 0]) - Math.LN2) < 1e-15)
  t.ok(Number.isFinite(exampleLogLoss(0, 1)) && exampleLogLoss(0, 1) > 30)
  t.equal(exampleLogLoss(1, 1), -Math.log(1 - 1e-15))
  t.ok(Number.isNaN(logLoss([], [])))
})

t.test('progressive validation: exact log loss, AUC within the histogram resolution, merge = one pass, snapshot round trip', async () => {
  fc.assert(
    fc.property(scored, fc.nat(), (pairs, cut) => {
      const all = new ProgressiveValidation()
      const a = new ProgressiveValidation()
      const b = new ProgressiveValidation()
      pairs.forEach(([s, y], i) => {
        all.add(s, y)
        ;(i < cut % pairs.length ? a : b).add(s, y)
      })
      const merged = a.merge(b).summary()
      const one = all.summary()
      const restored = ProgressiveValidation.restore(JSON.parse(JSON.stringify(all.snapshot())))
      const exact = bruteAuc(pairs)
      // Binning can only merge scores that are within 1/1000 of each other.
      const coarse = bruteAuc(pairs.map(([s, y]) => [Math.min(999, Math.floor(s * 1000)), y] as const))
      return (
        restored.ok &&
        JSON.stringify(restored.validation.summary()) === JSON.stringify(one) &&
        merged.examples === one.examples &&
        Math.abs(
          merged.logLoss -
            logLoss(
              pairs.map((p) => p[0]),
              pairs.map((p) => p[1]),
            ),
        ) < 1e-9 &&
        (Number.isNaN(exact) ? Number.isNaN(one.auc) : Math.abs(one.auc - coarse) < 1e-12)
      )
    }),
  )
})

t.test('a bad validation snapshot is returned as an error', async (t) => {
  for (const v of [
    null,
    { format: 'x' },
    { format: 'progressive-validation', count: 1, positives: 2, lossSum: 0, bins: [] },
    { format: 'progressive-validation', count: 1, positives: 1, lossSum: 0, bins: [[1000, 1, 0]] },
  ]) {
    t.equal(ProgressiveValidation.restore(v).ok, false)
  }
})
