import type { Json } from '@sdp/aggregation-engine'
import { DAY_MS, HOUR_MS, dayOf, hourOf, monthOf, type ResultsTable, type StoredRollup } from '@sdp/stream-runtime'
import { addPartial, zeroCounts, type Counts } from './counts.js'
import { bucketStart, formatInZone, nextBucketStart } from './periodBuckets.js'
import type { ReportQuery } from './parseReportQuery.js'

/** One row of a period report. */
export interface PeriodRow extends Counts {
  /** Bucket start in the requested zone, ISO-8601 with offset. */
  readonly period: string
  readonly start: number
}

/** BatchGetItem takes 100 keys: past that, one range Query over the cut items is cheaper when they fill most of it. */
const MAX_BY_KEY = 100

/**
 * Campaign reports from the results store, which holds final values: totals are one item, and a
 * period report reads the months of its range (days and hours for hour buckets), plus the
 * campaign's latest day and hour and the few days and hours that a bucket edge or `from`/`to`
 * cuts in two — or the hours alone for minute buckets. What is read grows with the buckets asked for, never with the history stored.
 * A period counts in the bucket holding its start, as it always did.
 */
export class ReportService {
  constructor(private readonly results: Pick<ResultsTable, 'totals' | 'hours' | 'days' | 'months' | 'hoursAt' | 'daysAt'>) {}

  /** Totals of a campaign over all time; zeros for a campaign nothing was counted for. */
  async totals(campaignItemId: number): Promise<Counts & { campaign_item_id: number }> {
    const counts = zeroCounts()
    const stored = await this.results.totals(String(campaignItemId))
    if (stored) addPartial(counts, stored.value)
    return { campaign_item_id: campaignItemId, ...counts }
  }

  /** One row per bucket of `query.period` in `query.timezone` holding any counted event in `[from, to)`. */
  async periods(query: ReportQuery): Promise<PeriodRow[]> {
    const from = Math.max(0, query.from)
    const buckets = new Map<number, Counts>()
    if (from < query.to) await new BucketReader(this.results, query, from, buckets).read()
    const sorted = [...buckets].sort((a, b) => (query.desc ? b[0] - a[0] : a[0] - b[0]))
    return sorted.map(([start, c]) => ({ period: formatInZone(start, query.timezone), start, ...c }))
  }
}

/**
 * One period report's reads. Months hold their days' totals and days their hours' totals, each
 * up to the campaign's latest day and hour (named by its totals), which have their own items. A
 * slot is added whole to its bucket unless a bucket edge or `from`/`to` cuts it; then the finer
 * item is read: days of cut months' days, hours of cut days' hours, periods of cut hours.
 */
class BucketReader {
  private readonly key: string
  private readonly to: number
  private bucketOf: (t: number) => number

  constructor(
    private readonly results: Pick<ResultsTable, 'totals' | 'hours' | 'days' | 'months' | 'hoursAt' | 'daysAt'>,
    private readonly query: ReportQuery,
    private readonly from: number,
    private readonly buckets: Map<number, Counts>,
  ) {
    this.key = String(query.campaignItemId)
    this.to = query.to
    this.bucketOf = (t) => bucketStart(t, query.period, query.timezone)
  }

  async read(): Promise<void> {
    const { key, from, to, query } = this
    if (query.period === 'MINUTES') return this.addPeriods(await this.results.hours(key, hourOf(from), to))
    const byMonths = query.period !== 'HOURS'
    const [coarse, totals] = await Promise.all([
      byMonths ? this.results.months(key, monthOf(from), to) : this.results.days(key, dayOf(from), to),
      this.results.totals(key),
    ])
    const latestHour = totals === undefined ? undefined : hourOf(totals.lastPeriod)
    const latestDay = latestHour === undefined ? undefined : dayOf(latestHour)
    // A coarser item that already holds the latest day or hour was written after the totals were read: it counts there.
    const monthsHoldIt = byMonths && latestDay !== undefined && holds(coarse, latestDay, DAY_MS)
    const readDay = byMonths && latestDay !== undefined && !monthsHoldIt && this.inRange(latestDay, DAY_MS)
    const starts = [
      ...coarse.map((c) => c.start),
      ...(readDay ? [latestDay] : []),
      ...(latestHour !== undefined && this.inRange(latestHour, HOUR_MS) ? [latestHour] : []),
    ]
    if (starts.length === 0) return
    let days = coarse
    let early: { starts: Set<number>; hours: StoredRollup[] } = { starts: new Set(), hours: [] }
    if (byMonths) {
      const edges = bucketEdges(query, Math.max(from, Math.min(...starts)), Math.min(to, Math.max(...starts) + 32 * DAY_MS))
      this.bucketOf = bucketLookup(edges)
      const split = this.classify(coarse, DAY_MS)
      if (readDay) split.push(latestDay)
      // Which hours of those days an edge cuts follows from the edges alone, so they are read
      // alongside the days: two round trips instead of three.
      const cutHours = hoursCut(split, [from, to, ...edges])
      if (latestHour !== undefined && !monthsHoldIt && this.inRange(latestHour, HOUR_MS)) cutHours.push(latestHour)
      const [found, hours] = await Promise.all([this.fetchDays(split), this.fetchHours(cutHours)])
      days = found
      early = { starts: new Set(cutHours), hours }
    }
    const readHour = latestHour !== undefined && !monthsHoldIt && !holds(days, latestHour, HOUR_MS) && this.inRange(latestHour, HOUR_MS)
    const split = this.classify(days, HOUR_MS)
    if (readHour) split.push(latestHour)
    const wanted = new Set(split)
    const late = await this.fetchHours(split.filter((s) => !early.starts.has(s)))
    this.addPeriods([...early.hours.filter((h) => wanted.has(h.start)), ...late])
  }

  private fetchDays(starts: number[]): Promise<StoredRollup[]> {
    return this.fetch(
      starts,
      DAY_MS,
      (ks) => this.results.daysAt(this.key, ks),
      (a, b) => this.results.days(this.key, a, b),
    )
  }

  private fetchHours(starts: number[]): Promise<StoredRollup[]> {
    return this.fetch(
      starts,
      HOUR_MS,
      (ks) => this.results.hoursAt(this.key, ks),
      (a, b) => this.results.hours(this.key, a, b),
    )
  }

  private inRange(start: number, length: number): boolean {
    return start + length > this.from && start < this.to
  }

  /** Adds each slot (`length` long) of `items` whole to its bucket unless an edge cuts it; returns the starts of those cut. */
  private classify(items: readonly StoredRollup[], length: number): number[] {
    const split: number[] = []
    for (const item of items) {
      for (const [i, accumulator] of Object.entries(item.slots)) {
        const start = item.start + Number(i) * length
        if (!this.inRange(start, length)) continue
        const bucket = this.bucketOf(start)
        if (start < this.from || start + length > this.to || this.bucketOf(start + length - 1) !== bucket) split.push(start)
        else this.add(bucket, accumulator)
      }
    }
    return split
  }

  /** The items starting at `starts`: by key, unless they fill most of their range (then one range read). */
  private async fetch(
    starts: number[],
    length: number,
    byKey: (starts: number[]) => Promise<StoredRollup[]>,
    byRange: (from: number, to: number) => Promise<StoredRollup[]>,
  ): Promise<StoredRollup[]> {
    if (starts.length === 0) return []
    const wanted = [...new Set(starts)].sort((a, b) => a - b)
    const span = ((wanted.at(-1) as number) - (wanted[0] as number)) / length + 1
    const found =
      wanted.length <= MAX_BY_KEY || span > 2 * wanted.length ? await byKey(wanted) : await byRange(wanted[0] as number, (wanted.at(-1) as number) + length)
    const set = new Set(wanted)
    return found.filter((item) => set.has(item.start))
  }

  /** Adds each period of `hours` in `[from, to)` to the bucket of its start. */
  private addPeriods(hours: readonly StoredRollup[]): void {
    for (const hour of hours) {
      for (const [offset, accumulator] of Object.entries(hour.slots)) {
        const start = hour.start + Number(offset)
        if (start >= this.from && start < this.to) this.add(this.bucketOf(start), accumulator)
      }
    }
  }

  private add(bucket: number, accumulator: Json): void {
    let counts = this.buckets.get(bucket)
    if (!counts) this.buckets.set(bucket, (counts = zeroCounts()))
    addPartial(counts, accumulator)
  }
}

/** Whether one of `items` holds the slot starting at `start`. */
function holds(items: readonly StoredRollup[], start: number, length: number): boolean {
  return items.some((item) => start >= item.start && String((start - item.start) / length) in item.slots)
}

/**
 * Hours of `days` that one of `cuts` (instants that are not on the hour) splits in two: the
 * hours a reader must read per period once it reads those days.
 */
function hoursCut(days: readonly number[], cuts: readonly number[]): number[] {
  const wanted = new Set(days)
  return [...new Set(cuts.filter((c) => c % HOUR_MS !== 0 && wanted.has(dayOf(c))).map(hourOf))]
}

/**
 * Starts of the buckets of `query.period` (days, weeks or months) from the one holding `from`
 * through the first at or after `to`, found once by calendar arithmetic, so that a year of hours
 * costs a dozen calendar computations instead of thousands.
 */
function bucketEdges(query: ReportQuery, from: number, to: number): number[] {
  const { period, timezone } = query
  const edges = [bucketStart(from, period, timezone)]
  for (let e = edges[0] as number; e < to;) edges.push((e = nextBucketStart(e, period, timezone)))
  return edges
}

/** The bucket start of any instant from the first of `edges` on (a binary search of them). */
function bucketLookup(edges: readonly number[]): (t: number) => number {
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
