import t from 'tap'
import fc from 'fast-check'
import { backoffDelay } from '../../src/kinesis/backoff.js'

t.test('draws below a ceiling that doubles per retry up to maxDelayMs', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 60_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, base, extra, r) => {
      const max = base + extra
      const delay = backoffDelay(retry, base, max, () => r)
      const ceiling = Math.min(max, base * 2 ** (retry - 1))
      return Number.isInteger(delay) && delay >= 0 && (delay < ceiling || (ceiling === 0 && delay === 0))
    }),
  )
})

t.test('examples', async (t) => {
  t.equal(backoffDelay(1, 50, 1000, () => 0.999), 49)
  t.equal(backoffDelay(3, 50, 1000, () => 0.5), 100)
  t.equal(backoffDelay(10, 50, 1000, () => 0.5), 500)
})
