// Period reports shaped for charts. The dashboard (reporting/dashboard/) bundles this module, so
// the page buckets time with the very code the API uses; no DOM and no Node APIs here.
import { bucketStart } from './periodBuckets.js'

/** Periods the dashboard offers (the API also has WEEKS and MONTHS). */
export const DASHBOARD_PERIODS = ['MINUTES', 'HOURS', 'DAYS'] as const
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number]

/** Time ranges the dashboard offers; `ms: null` is all time. */
export const RANGES = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: 'all', label: 'All time', ms: null },
] as const
export type RangeId = (typeof RANGES)[number]['id']

const MINUTE = 60_000
const HOUR = 3_600_000
/** Most points a chart is zero-filled to; beyond it only the buckets with data are drawn. */
export const MAX_FILLED_POINTS = 5000

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, period: DashboardPeriod, zone: string): number {
  if (period === 'MINUTES') return start + MINUTE
  if (period === 'HOURS') return start + HOUR
  return bucketStart(start + 36 * HOUR, 'DAYS', zone) // days last 23–25 h: 36 h later is always the next day
}

/** `from` of a range ending now, aligned to a bucket start so the first bucket is whole; undefined for all time. */
export function rangeStart(range: RangeId, period: DashboardPeriod, zone: string, now: number): number | undefined {
  const ms = RANGES.find((r) => r.id === range)?.ms ?? null
  return ms === null ? undefined : bucketStart(now - ms, period, zone)
}

/** A period row of the reports API. */
export interface PeriodCounts {
  readonly start: number
  readonly bids: number
  readonly imps: number
  readonly clicks: number
}

/** Chart columns: x in epoch seconds (uPlot's unit), counts per bucket. */
export interface SeriesColumns {
  readonly x: number[]
  readonly bids: number[]
  readonly imps: number[]
  readonly clicks: number[]
}

/**
 * The rows as chart columns in time order, with empty buckets between `from` (or the first row)
 * and `to` filled with zeros — unless that would exceed {@link MAX_FILLED_POINTS}.
 */
export function toColumns(rows: readonly PeriodCounts[], period: DashboardPeriod, zone: string, from: number | undefined, to: number): SeriesColumns {
  const byStart = new Map(rows.map((r) => [r.start, r]))
  const starts = new Set(byStart.keys())
  // A loop, not Math.min(...starts): spreading ~100k+ arguments overflows the stack.
  const first = from ?? rows.reduce((min, r) => Math.min(min, r.start), Infinity)
  if (Number.isFinite(first)) {
    const grid: number[] = []
    for (let t = bucketStart(first, period, zone); t <= to && grid.length <= MAX_FILLED_POINTS; t = nextBucket(t, period, zone)) grid.push(t)
    if (grid.length <= MAX_FILLED_POINTS) for (const t of grid) starts.add(t)
  }
  const x = [...starts].sort((a, b) => a - b)
  const column = (pick: (r: PeriodCounts) => number) =>
    x.map((t) => {
      const r = byStart.get(t)
      return r ? pick(r) : 0
    })
  return { x: x.map((t) => t / 1000), bids: column((r) => r.bids), imps: column((r) => r.imps), clicks: column((r) => r.clicks) }
}

/** `steps + 1` evenly spaced prices from 0 to `max`, rounded to cents. */
export function priceSweep(max: number, steps = 40): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => Math.round((max * i * 100) / steps) / 100)
}
