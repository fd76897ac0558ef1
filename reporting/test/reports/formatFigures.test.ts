import t from 'tap'
import { strictEqual } from 'node:assert/strict'
import fc from 'fast-check'
import {
  formatAgo,
  formatBucket,
  formatCount,
  formatDuration,
  formatFaults,
  formatInstant,
  formatPercent,
  formatRate,
  formatScore,
  NONE,
} from '../../src/reports/formatFigures.js'

t.test('counts, rates and scores', async (t) => {
  t.equal(formatCount(1234567), '1,234,567')
  t.equal(formatCount(null), NONE)
  t.equal(formatPercent(0.1234), '12.3%')
  t.equal(formatPercent(1), '100.0%')
  t.equal(formatPercent(null), NONE, 'a rate without a denominator')
  t.equal(formatScore(0.76012), '0.760')
  t.equal(formatRate(12.34), '12.3/s')
  t.equal(formatRate(1234), '1,234/s')
})

t.test('durations and ages', async (t) => {
  t.equal(formatDuration(850), '850 ms')
  t.equal(formatDuration(3200), '3.2 s')
  t.equal(formatDuration(240_000), '4.0 min')
  t.equal(formatDuration(9_000_000), '2.5 h')
  t.equal(formatDuration(null), NONE)
  const now = Date.parse('2026-01-01T00:10:00Z')
  t.equal(formatAgo('2026-01-01T00:09:48Z', now), '12 s ago')
  t.equal(formatAgo('2026-01-01T00:07:00Z', now), '3 min ago')
  t.equal(formatAgo('2026-01-01T00:10:00Z', now), 'just now')
  t.equal(formatAgo(null, now), NONE)
})

t.test('instants and buckets in a time zone', async (t) => {
  const t0 = Date.UTC(2026, 0, 1, 13, 5, 9)
  t.equal(formatInstant(t0, 'UTC'), '2026-01-01 13:05')
  t.equal(formatInstant(t0, 'Asia/Kolkata', true), '2026-01-01 18:35:09')
  t.equal(formatBucket(t0, 'DAYS', 'America/New_York'), '2026-01-01')
  t.equal(formatBucket(Date.UTC(2026, 0, 1, 3), 'HOURS', 'America/New_York'), '2025-12-31 22:00')
})

t.test('instants read as Intl writes them in every zone, from 1972 on', async (t) => {
  // The former implementation: an Intl formatter per call. From 1972 every zone's offset is whole
  // minutes; earlier local-mean-time offsets with seconds read differently (formatInZone's way).
  const viaIntl = (at: number, zone: string, withSeconds: boolean) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' as const } : {}),
    }).formatToParts(new Date(at))
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]))
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`
  }
  const zones = [
    'UTC',
    'America/St_Johns',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kathmandu',
    'America/New_York',
    ...Intl.supportedValuesOf('timeZone'),
  ]
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1972, 0, 8), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), fc.boolean(), (at, zone, withSeconds) => {
      strictEqual(formatInstant(at, zone, withSeconds), viaIntl(at, zone, withSeconds))
    }),
    { numRuns: 2000 },
  )
  t.pass('2000 random instants from 1972 to 2100 in random zones')
})

t.test('the fault mode in one line', async (t) => {
  t.equal(formatFaults(null), 'off', 'no faults injected')
  const services = {
    dynamodb: { requests: 1000, injected: 40, sdk_retries: 45 },
    kinesis: { requests: 2500, injected: 30, sdk_retries: 20 },
    s3: { requests: 500, injected: 50, sdk_retries: 85 },
  }
  t.equal(
    formatFaults({ spec: 's3=0.1,seed=7', services, injected_total: 120, sdk_retries_total: 150 }),
    '120 injected in 4,000 requests (dynamodb 40, kinesis 30, s3 50) · 150 SDK retries',
  )
})
