import t from 'tap'
import fc from 'fast-check'
import { bucketStart, formatInZone, nextBucketStart, PERIOD_UNITS } from '../../src/reports/periodBuckets.js'

const ny = 'America/New_York'
const at = (iso: string) => Date.parse(iso)

t.test('hours across the 2026-11-01 fall-back in New York: the repeated 01:00 hour is two buckets', async (t) => {
  const first = at('2026-11-01T05:30:00Z') // 01:30 EDT
  const second = at('2026-11-01T06:30:00Z') // 01:30 EST
  t.equal(formatInZone(bucketStart(first, 'HOURS', ny), ny), '2026-11-01T01:00:00-04:00')
  t.equal(formatInZone(bucketStart(second, 'HOURS', ny), ny), '2026-11-01T01:00:00-05:00')
  t.not(bucketStart(first, 'HOURS', ny), bucketStart(second, 'HOURS', ny))
})

t.test('the fall-back day has 25 hours and one DAYS bucket starting at local midnight', async (t) => {
  const start = bucketStart(at('2026-11-01T20:00:00Z'), 'DAYS', ny)
  t.equal(formatInZone(start, ny), '2026-11-01T00:00:00-04:00')
  const next = bucketStart(at('2026-11-02T12:00:00Z'), 'DAYS', ny)
  t.equal(next - start, 25 * 3_600_000)
})

t.test('half-hour zones truncate hours in local time', async (t) => {
  t.equal(formatInZone(bucketStart(at('2026-11-28T10:10:00Z'), 'HOURS', 'Asia/Kolkata'), 'Asia/Kolkata'), '2026-11-28T15:00:00+05:30')
})

t.test('weeks start on Monday and months on the 1st, in the zone', async (t) => {
  t.equal(formatInZone(bucketStart(at('2026-11-28T03:00:00Z'), 'WEEKS', ny), ny), '2026-11-23T00:00:00-05:00')
  t.equal(formatInZone(bucketStart(at('2026-11-01T03:00:00Z'), 'MONTHS', ny), ny), '2026-10-01T00:00:00-04:00')
  t.equal(formatInZone(bucketStart(at('2026-11-28T03:04:59Z'), 'MINUTES', 'UTC'), 'UTC'), '2026-11-28T03:04:00+00:00')
})

t.test('the next bucket starts where the one before ends, in any zone and unit', async () => {
  const zones = ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia']
  fc.assert(
    fc.property(
      fc.constantFrom(...PERIOD_UNITS),
      fc.constantFrom(...zones),
      fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) }),
      (unit, zone, t0) => {
        const start = bucketStart(t0, unit, zone)
        const next = nextBucketStart(start, unit, zone)
        return next > start && bucketStart(next, unit, zone) === next && bucketStart(next - 1, unit, zone) === start
      },
    ),
    { numRuns: 2000 },
  )
})
