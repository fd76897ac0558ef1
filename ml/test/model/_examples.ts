// Random labelled sparse examples for FTRL properties (not a test file itself).
import fc from 'fast-check'
import type { SparseVector } from '../../src/features/BidFeatures.js'

export const vector: fc.Arbitrary<SparseVector> = fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 6 }).chain((idx) => {
  const indices = [...idx].sort((a, b) => a - b)
  return fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: indices.length, maxLength: indices.length }).map((values) => ({ indices, values }))
})

export const example = fc.tuple(vector, fc.constantFrom<0 | 1>(0, 1))
export const examples = fc.array(example, { maxLength: 60 })

export const config = fc.record({
  alpha: fc.double({ min: 0.01, max: 1, noNaN: true }),
  beta: fc.double({ min: 0, max: 2, noNaN: true }),
  l1: fc.double({ min: 0, max: 2, noNaN: true }),
  l2: fc.double({ min: 0, max: 2, noNaN: true }),
})
