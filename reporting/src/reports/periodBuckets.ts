import { TZDate, tzOffset } from '@date-fns/tz'
import { startOfDay, startOfMonth, startOfWeek } from 'date-fns'

/** Report granularities of `GET /reports/campaigns/{id}/period`. */
export const PERIOD_UNITS = ['MINUTES', 'HOURS', 'DAYS', 'WEEKS', 'MONTHS'] as const
export type PeriodUnit = (typeof PERIOD_UNITS)[number]

const MINUTE = 60_000
const HOUR = 3_600_000

/**
 * Start (epoch ms) of the bucket holding instant `t` in time zone `zone`. Minutes and hours are
 * truncated in local time using the offset in force at `t` — so the repeated hour of a DST change
 * gives two buckets, as it should (`@date-fns/tz`'s startOfHour gets that hour wrong); days, weeks
 * (ISO, from Monday) and months follow the zone's calendar.
 */
export function bucketStart(t: number, unit: PeriodUnit, zone: string): number {
  switch (unit) {
    case 'MINUTES':
    case 'HOURS': {
      const size = unit === 'MINUTES' ? MINUTE : HOUR
      const offset = tzOffset(zone, new Date(t)) * MINUTE
      return Math.floor((t + offset) / size) * size - offset
    }
    case 'DAYS':
      return startOfDay(new TZDate(t, zone)).getTime()
    case 'WEEKS':
      return startOfWeek(new TZDate(t, zone), { weekStartsOn: 1 }).getTime()
    case 'MONTHS':
      return startOfMonth(new TZDate(t, zone)).getTime()
  }
}

/** ISO-8601 local time with the zone's offset at that instant, e.g. `2026-11-01T01:00:00-05:00`. */
export function formatInZone(t: number, zone: string): string {
  return new TZDate(t, zone).toISOString().replace('.000', '')
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** A step shorter than any bucket of the unit, used to walk from one bucket to the next. */
const SHORTEST: Record<PeriodUnit, number> = { MINUTES: 30_000, HOURS: 15 * MINUTE, DAYS: 20 * HOUR, WEEKS: 164 * HOUR, MONTHS: 27 * 24 * HOUR }

/**
 * Start of the bucket after the one starting at `start` (a value of {@link bucketStart}): a jump
 * shorter than any bucket of the unit, then by steps shorter than any bucket (a day for months, an
 * hour for days and weeks, the unit's own shortest length below a day) until the bucket changes —
 * right across DST changes and odd offsets.
 */
export function nextBucketStart(start: number, unit: PeriodUnit, zone: string): number {
  // A day at a time across the end of a month (months differ by days), else an hour at a time.
  const step = unit === 'MINUTES' || unit === 'HOURS' ? SHORTEST[unit] : unit === 'MONTHS' ? 24 * HOUR : HOUR
  let t = start + SHORTEST[unit]
  let next = bucketStart(t, unit, zone)
  while (next <= start) next = bucketStart((t += step), unit, zone)
  return next
}
