import type { Json } from '@sdp/aggregation-engine'
import { DAY_MS, HOUR_MS, hourOf, dayOf, type ResultsTable, type StoredRollup } from '@sdp/stream-runtime'
import { addPartial, zeroCounts, type Counts } from './counts.js'
import { bucketStart, formatInZone, nextBucketStart } from './periodBuckets.js'
import type { ReportQuery } from './parseReportQuery.js'

/** One row of a period report. */
export interface PeriodRow extends Counts {
  /** Bucket start in the requested zone, ISO-8601 with offset. */
  readonly period: string
  readonly start: number
}

/** BatchGetItem takes 100 keys: past that, one range Query over the split hours is cheaper. */
const MAX_HOURS_AT = 100

/**
 * Campaign reports from the results store, which holds final values: totals are one item, and a
 * period report reads the days of its range (each holding its hours' totals) plus the campaign's
 * latest hour and the few hours that a bucket edge or `from`/`to` cuts in two (each holding its
 * periods) — or the hours alone for minute buckets. What is read grows with the buckets asked for, never with the history stored.
 * A period counts in the bucket holding its start, as it always did.
 */
export class ReportService {
  constructor(private readonly results: Pick<ResultsTable, 'totals' | 'hours' | 'days' | 'hoursAt'>) {}

  /** Totals of a campaign over all time; zeros for a campaign nothing was counted for. */
  async totals(campaignItemId: number): Promise<Counts & { campaign_item_id: number }> {
    const counts = zeroCounts()
    const stored = await this.results.totals(String(campaignItemId))
    if (stored) addPartial(counts, stored.value)
    return { campaign_item_id: campaignItemId, ...counts }
  }

  /** One row per bucket of `query.period` in `query.timezone` holding any counted event in `[from, to)`. */
  async periods(query: ReportQuery): Promise<PeriodRow[]> {
    const key = String(query.campaignItemId)
    const from = Math.max(0, query.from)
    const to = query.to
    const buckets = new Map<number, Counts>()
    const add = (start: number, accumulator: Json) => {
      let counts = buckets.get(start)
      if (!counts) buckets.set(start, (counts = zeroCounts()))
      addPartial(counts, accumulator)
    }
    const addPeriods = (hours: readonly StoredRollup[], bucketOf: (t: number) => number) => {
      for (const hour of hours) {
        for (const [offset, accumulator] of Object.entries(hour.slots)) {
          const start = hour.start + Number(offset)
          if (start >= from && start < to) add(bucketOf(start), accumulator)
        }
      }
    }
    if (from < to) {
      if (query.period === 'MINUTES') addPeriods(await this.results.hours(key, hourOf(from), to), (t) => bucketStart(t, 'MINUTES', query.timezone))
      else await this.fromDays(key, query, from, to, add, addPeriods)
    }
    const sorted = [...buckets].sort((a, b) => (query.desc ? b[0] - a[0] : a[0] - b[0]))
    return sorted.map(([start, c]) => ({ period: formatInZone(start, query.timezone), start, ...c }))
  }

  /**
   * Buckets of an hour or longer: each stored hour whole when no bucket edge or range bound cuts it,
   * else its periods. Days hold the hours before the campaign's latest hour; that one (named by
   * the totals) is read from its own item.
   */
  private async fromDays(
    key: string,
    query: ReportQuery,
    from: number,
    to: number,
    add: (start: number, accumulator: Json) => void,
    addPeriods: (hours: readonly StoredRollup[], bucketOf: (t: number) => number) => void,
  ): Promise<void> {
    const [days, totals] = await Promise.all([this.results.days(key, dayOf(from), to), this.results.totals(key)])
    const latest = totals === undefined ? undefined : hourOf(totals.lastPeriod)
    // A day that already holds the latest hour was written after the totals were read: it counts there.
    const readLatest = latest !== undefined && latest + HOUR_MS > from && latest < to && !days.some((d) => d.start === dayOf(latest) && String((latest - d.start) / HOUR_MS) in d.slots)
    const starts = [...days.map((d) => d.start), ...(readLatest ? [dayOf(latest)] : [])]
    if (starts.length === 0) return
    const bucketOf = bucketLookup(query, Math.max(from, Math.min(...starts)), Math.min(to, Math.max(...starts) + DAY_MS))
    const split: number[] = []
    for (const day of days) {
      for (const [h, accumulator] of Object.entries(day.slots)) {
        const start = day.start + Number(h) * HOUR_MS
        if (start + HOUR_MS <= from || start >= to) continue
        const bucket = bucketOf(start)
        if (start < from || start + HOUR_MS > to || bucketOf(start + HOUR_MS - 1) !== bucket) split.push(start)
        else add(bucket, accumulator)
      }
    }
    if (readLatest) split.push(latest)
    if (split.length === 0) return
    split.sort((a, b) => a - b)
    const wanted = new Set(split)
    const hours = split.length <= MAX_HOURS_AT ? await this.results.hoursAt(key, split) : await this.results.hours(key, split[0] as number, (split.at(-1) as number) + HOUR_MS)
    addPeriods(
      hours.filter((h) => wanted.has(h.start)),
      bucketOf,
    )
  }
}

/**
 * The bucket start of any instant in `[from, to)`: hours by the zone's offset (cheap), longer
 * units from their edges over the range, found once and searched, so that a year of hours costs
 * a dozen calendar computations instead of thousands.
 */
function bucketLookup(query: ReportQuery, from: number, to: number): (t: number) => number {
  const { period, timezone } = query
  if (period === 'MINUTES' || period === 'HOURS') return (t) => bucketStart(t, period, timezone)
  const edges = [bucketStart(from, period, timezone)]
  for (let e = edges[0] as number; e < to; ) edges.push((e = nextBucketStart(e, period, timezone)))
  return (t) => {
    let lo = 0
    let hi = edges.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((edges[mid] as number) <= t) lo = mid
      else hi = mid - 1
    }
    return edges[lo] as number
  }
}
