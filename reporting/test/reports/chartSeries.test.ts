import t from 'tap'
import { bucketStart } from '../../src/reports/periodBuckets.js'
import { DASHBOARD_PERIODS, MAX_FILLED_POINTS, nextBucket, priceSweep, rangeStart, toColumns } from '../../src/reports/chartSeries.js'

t.test('the next bucket follows the zone calendar', async (t) => {
  const midnight = bucketStart(Date.UTC(2026, 2, 8, 12), 'DAYS', 'America/New_York') // the 23-hour day
  t.equal(nextBucket(midnight, 'DAYS', 'America/New_York') - midnight, 23 * 3_600_000)
  const fallBack = bucketStart(Date.UTC(2026, 10, 1, 12), 'DAYS', 'America/New_York') // the 25-hour day
  t.equal(nextBucket(fallBack, 'DAYS', 'America/New_York') - fallBack, 25 * 3_600_000)
  for (const period of DASHBOARD_PERIODS) {
    const start = bucketStart(Date.UTC(2026, 5, 1, 10, 30), period, 'Asia/Kolkata')
    t.equal(bucketStart(nextBucket(start, period, 'Asia/Kolkata') - 1, period, 'Asia/Kolkata'), start, `${period}: the next bucket starts where this one ends`)
  }
  t.equal(nextBucket(0, 'HOURS', 'UTC'), 3_600_000)
  t.equal(nextBucket(0, 'MINUTES', 'UTC'), 60_000)
})

t.test('a range starts on a whole bucket; all time has no start', async (t) => {
  const now = Date.UTC(2026, 0, 1, 12, 34, 56)
  t.equal(rangeStart('1h', 'MINUTES', 'UTC', now), Date.UTC(2026, 0, 1, 11, 34))
  t.equal(rangeStart('24h', 'HOURS', 'Asia/Kolkata', now), Date.UTC(2025, 11, 31, 12, 30))
  t.equal(rangeStart('7d', 'DAYS', 'UTC', now), Date.UTC(2025, 11, 25))
  t.equal(rangeStart('all', 'DAYS', 'UTC', now), undefined)
})

t.test('columns fill empty buckets with zeros between the range start and now', async (t) => {
  const minute = (m: number) => Date.UTC(2026, 0, 1, 0, m)
  const rows = [
    { start: minute(2), bids: 5, imps: 3, clicks: 1 },
    { start: minute(4), bids: 1, imps: 0, clicks: 0 },
  ]
  const columns = toColumns(rows, 'MINUTES', 'UTC', minute(0), minute(5) + 10_000)
  t.same(
    columns.x,
    [0, 1, 2, 3, 4, 5].map((m) => minute(m) / 1000),
  )
  t.same(columns.bids, [0, 0, 5, 0, 1, 0])
  t.same(columns.imps, [0, 0, 3, 0, 0, 0])
  t.same(
    toColumns(rows, 'MINUTES', 'UTC', undefined, minute(4)).x,
    [2, 3, 4].map((m) => minute(m) / 1000),
    'all time starts at the first row',
  )
  t.same(toColumns([], 'HOURS', 'UTC', undefined, minute(4)).x, [], 'nothing to draw')
  const long = toColumns(rows, 'MINUTES', 'UTC', minute(0) - (MAX_FILLED_POINTS + 10) * 60_000, minute(5))
  t.same(
    long.x,
    [2, 4].map((m) => minute(m) / 1000),
    `no filling beyond ${MAX_FILLED_POINTS} points`,
  )
})

t.test('the price sweep runs from 0 to the highest price', async (t) => {
  t.same(priceSweep(2, 4), [0, 0.5, 1, 1.5, 2])
  t.equal(priceSweep(10).length, 41)
})

t.test('all time over very many rows starts at the first row', async (t) => {
  // 200k buckets is ~20 weeks of minutes; spreading them into Math.min overflowed the stack.
  const rows = Array.from({ length: 200_000 }, (_, i) => ({ start: Date.UTC(2026, 0, 1) + i * 60_000, bids: 1, imps: 0, clicks: 0 }))
  const columns = toColumns(rows, 'MINUTES', 'UTC', undefined, Date.UTC(2026, 0, 1) + 200_000 * 60_000)
  t.equal(columns.x.length, 200_000)
  t.equal(columns.x[0], Date.UTC(2026, 0, 1) / 1000)
})
