import fc from 'fast-check'
import t from 'tap'
import { DeadLetterRate } from '../../src/metrics/DeadLetterRate.js'

const T0 = 1_796_000_000_000

t.test('the rate is dead letters per record over the last minute; older seconds drop out', async (t) => {
  const rate = new DeadLetterRate()
  t.same(rate.snapshot(T0), { recordsLastMinute: 0, deadLettersLastMinute: 0, deadLetterRateLastMinute: 0 }, 'no records: 0, not NaN')
  rate.add(T0, 100, 80)
  rate.add(T0 + 30_000, 100, 10)
  t.same(rate.snapshot(T0 + 30_000), { recordsLastMinute: 200, deadLettersLastMinute: 90, deadLetterRateLastMinute: 0.45 })
  t.same(
    rate.snapshot(T0 + 60_000),
    { recordsLastMinute: 100, deadLettersLastMinute: 10, deadLetterRateLastMinute: 0.1 },
    'the first second has left the minute',
  )
  t.same(rate.snapshot(T0 + 10 * 60_000).recordsLastMinute, 0, 'a quiet spell longer than the ring empties it')
})

t.test('EMF blobs count their records (heartbeats left out) and deadLetters counters, single or repeated', async (t) => {
  const rate = new DeadLetterRate()
  const emf = (fields: Record<string, unknown>) => ({ _aws: { Timestamp: T0, CloudWatchMetrics: [] }, service: 'job-x', ...fields }) as never
  rate.addEmf(T0, emf({ records: 10, deadLetters: 9, events: 1 }))
  rate.addEmf(T0, emf({ records: [5, 5], deadLetters: [1] }))
  rate.addEmf(T0, emf({ merged: 3 }))
  rate.addEmf(T0, emf({ records: 60, heartbeats: 60, deadLetters: 0 }))
  t.same(rate.snapshot(T0), { recordsLastMinute: 20, deadLettersLastMinute: 10, deadLetterRateLastMinute: 0.5 })
})

t.test('bad window lengths are refused', async (t) => {
  t.throws(() => new DeadLetterRate(0), { name: 'RangeError', message: 'seconds must be a whole number of at least 1, got 0' })
})

t.test('equals a reference that keeps every count: the sums of the counts of the last window', async (t) => {
  const step = fc.record({ dt: fc.integer({ min: 0, max: 20_000 }), records: fc.nat(50), deadLetters: fc.nat(50), look: fc.boolean() })
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.array(step, { maxLength: 80 }), (seconds, steps) => {
        const rate = new DeadLetterRate(seconds)
        const all: Array<{ second: number; records: number; deadLetters: number }> = []
        let now = T0
        for (const s of steps) {
          now += s.dt
          const second = Math.floor(now / 1000)
          if (s.look) {
            const live = all.filter((c) => c.second > second - seconds)
            const records = live.reduce((a, c) => a + c.records, 0)
            const deadLetters = live.reduce((a, c) => a + c.deadLetters, 0)
            const got = rate.snapshot(now)
            if (got.recordsLastMinute !== records || got.deadLettersLastMinute !== deadLetters) return false
            if (got.deadLetterRateLastMinute !== (records === 0 ? 0 : deadLetters / records)) return false
          } else {
            rate.add(now, s.records, s.deadLetters)
            all.push({ second, records: s.records, deadLetters: s.deadLetters })
          }
        }
        return true
      }),
    ),
  )
})
