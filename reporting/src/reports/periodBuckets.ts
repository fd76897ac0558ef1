import { TZDate, tzOffset } from '@date-fns/tz'
import { addDays, addMonths, addWeeks, startOfDay, startOfMonth, startOfWeek } from 'date-fns'

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

/**
 * Start of the bucket after the one starting at `start` (a value of {@link bucketStart}): the next
 * local day, ISO week or month by calendar arithmetic in the zone; for minutes and hours, whose
 * buckets follow the zone's offset, a step shorter than any bucket repeated until the bucket
 * changes — right across DST changes and odd offsets.
 */
export function nextBucketStart(start: number, unit: PeriodUnit, zone: string): number {
  switch (unit) {
    case 'DAYS':
      return startOfDay(addDays(new TZDate(start, zone), 1)).getTime()
    case 'WEEKS':
      return startOfWeek(addWeeks(new TZDate(start, zone), 1), { weekStartsOn: 1 }).getTime()
    case 'MONTHS':
      return startOfMonth(addMonths(new TZDate(start, zone), 1)).getTime()
    default: {
      const step = unit === 'MINUTES' ? 30_000 : 15 * MINUTE
      let t = start + step
      let next = bucketStart(t, unit, zone)
      while (next <= start) next = bucketStart((t += step), unit, zone)
      return next
    }
  }
}
