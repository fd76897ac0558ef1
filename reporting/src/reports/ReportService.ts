import type { Json } from '@sdp/aggregation-engine'
import { DAY_MS, HOUR_MS, dayOf, hourOf, monthOf, type ResultsTable, type StoredRollup } from '@sdp/stream-runtime'
import { addPartial, zeroCounts, type Counts } from './counts.js'
import { tzOffset } from '@date-fns/tz'
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
 * Calendar buckets whose edges are worked out before the first read, so that the days and hours
 * they cut are read in the same round trip as the months. A wider range (all time, say) is first
 * narrowed to the campaign's own span, which costs one more round trip.
 */
const MAX_EDGES_UP_FRONT = 400
const SHORTEST_BUCKET: Record<'DAYS' | 'WEEKS' | 'MONTHS', number> = { DAYS: DAY_MS - HOUR_MS, WEEKS: 7 * DAY_MS - HOUR_MS, MONTHS: 28 * DAY_MS - HOUR_MS }

/** What the reports read of the results table. */
export type ResultsReads = Pick<ResultsTable, 'totals' | 'hours' | 'days' | 'months' | 'hoursAt' | 'daysAt' | 'latest'>

/**
 * Campaign reports from the results store, which holds final values: totals are one item, and a
 * period report reads the months of its range (days for hour buckets), the campaign's latest day
 * and hour, and the few days and hours that a bucket edge or `from`/`to` cuts in two — or the
 * hours alone for minute buckets — in one round trip for a bounded range. What is read grows with
 * the buckets asked for, never with the history stored. A period counts in the bucket holding its
 * start, as it always did.
 */
export class ReportService {
  constructor(private readonly results: ResultsReads) {}

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

/** Items read ahead by their starts: those found, and every start asked (found or not). */
interface ReadAhead {
  readonly asked: ReadonlySet<number>
  readonly found: ReadonlyMap<number, StoredRollup>
}

/**
 * One period report's reads. Months hold their days' totals and days their hours' totals, each
 * up to the campaign's latest day and hour (those of its latest hour item), which have their own
 * items. A slot is added whole to its bucket unless a bucket edge or `from`/`to` cuts it; then
 * the finer item is used: days of cut months' days, hours of cut days' hours, periods of cut
 * hours. Which slots are cut follows from the edges alone, so the finer items are read ahead,
 * alongside the coarse ones; a slot the guess missed is read afterwards.
 */
class BucketReader {
  private readonly key: string
  private readonly to: number
  private bucketOf: (t: number) => number

  constructor(
    private readonly results: ResultsReads,
    private readonly query: ReportQuery,
    private readonly from: number,
    private readonly buckets: Map<number, Counts>,
  ) {
    this.key = String(query.campaignItemId)
    this.to = query.to
    this.bucketOf = (t) => bucketStart(t, query.period, query.timezone)
  }

  read(): Promise<void> {
    switch (this.query.period) {
      case 'MINUTES':
        return this.readPeriods()
      case 'HOURS':
        return wholeHoursApart(this.query.timezone, this.from, this.to) ? this.readHours() : this.readPeriods()
      default:
        return this.readCalendar()
    }
  }

  /** Every period of the range, from its hour items. */
  private async readPeriods(): Promise<void> {
    this.addPeriods(await this.results.hours(this.key, hourOf(this.from), this.to))
  }

  /** Hour buckets in a zone on the whole hour: days whole, their hours split only by `from` and `to`. */
  private async readHours(): Promise<void> {
    const [days, latestHour, hours] = await Promise.all([
      this.results.days(this.key, dayOf(this.from), this.to),
      this.results.latest('hour', this.key),
      this.readAhead(this.fetchHours, hoursCut([this.from, this.to])),
    ])
    if (latestHour) await this.addDays(days, latestHour, hours)
  }

  /** Day, week and month buckets: months whole, the days and hours that the zone's calendar cuts read alongside. */
  private async readCalendar(): Promise<void> {
    const { key, from, to } = this
    const upFront = (to - from) / SHORTEST_BUCKET[this.query.period as keyof typeof SHORTEST_BUCKET] <= MAX_EDGES_UP_FRONT
    const [months, latestHour, latestDay, ahead] = await Promise.all([
      this.results.months(key, monthOf(from), to),
      this.results.latest('hour', key),
      this.results.latest('day', key),
      upFront ? this.readCuts(from, to) : undefined,
    ])
    if (!latestHour) return
    const { days, hours } = ahead ?? (await this.readCuts(months[0]?.start ?? dayOf(latestHour.start), latestHour.start + HOUR_MS))
    const cut = await this.take(this.classify(months, DAY_MS), days, this.fetchDays)
    const latestDayStart = dayOf(latestHour.start)
    // A month that already holds the latest day was written after that day and hour were read: they count there.
    if (holds(months, latestDayStart, DAY_MS)) return this.addDays(cut, undefined, hours)
    const latest = latestDay?.start === latestDayStart && this.inRange(latestDayStart, DAY_MS) ? [latestDay] : []
    await this.addDays([...cut, ...latest], latestHour, hours)
  }

  /**
   * Works out the bucket edges over `[from, to)` clipped to the range, and reads ahead the days
   * and hours that they, `from` or `to` cut in two.
   */
  private async readCuts(spanFrom: number, spanTo: number): Promise<{ days: ReadAhead; hours: ReadAhead }> {
    const edges = bucketEdges(this.query, Math.max(this.from, spanFrom), Math.min(this.to, spanTo + 32 * DAY_MS))
    this.bucketOf = bucketLookup(edges)
    const cuts = [this.from, this.to, ...edges.filter((e) => e > this.from && e < this.to)]
    const [days, hours] = await Promise.all([this.readAhead(this.fetchDays, daysCut(cuts)), this.readAhead(this.fetchHours, hoursCut(cuts))])
    return { days, hours }
  }

  /**
   * Adds the hours of `days` whole where no edge cuts them, the latest hour (unless a day already
   * holds it) and the periods of the cut hours.
   */
  private async addDays(days: readonly StoredRollup[], latestHour: StoredRollup | undefined, hours: ReadAhead): Promise<void> {
    const found = await this.take(this.classify(days, HOUR_MS), hours, this.fetchHours)
    const latest = latestHour && !holds(days, latestHour.start, HOUR_MS) && this.inRange(latestHour.start, HOUR_MS)
    this.addPeriods(latest ? [...found, latestHour] : found)
  }

  /** The items starting at `starts`: those read ahead, and the rest read now. */
  private async take(starts: readonly number[], ahead: ReadAhead, fetch: (starts: number[]) => Promise<StoredRollup[]>): Promise<StoredRollup[]> {
    const missed = starts.filter((s) => !ahead.asked.has(s))
    const late = await fetch(missed)
    return [...starts.flatMap((s) => ahead.found.get(s) ?? []), ...late]
  }

  private async readAhead(fetch: (starts: number[]) => Promise<StoredRollup[]>, starts: number[]): Promise<ReadAhead> {
    const found = await fetch(starts)
    return { asked: new Set(starts), found: new Map(found.map((item) => [item.start, item])) }
  }

  private readonly fetchDays = (starts: number[]): Promise<StoredRollup[]> =>
    this.fetch(
      starts,
      DAY_MS,
      (ks) => this.results.daysAt(this.key, ks),
      (a, b) => this.results.days(this.key, a, b),
    )

  private readonly fetchHours = (starts: number[]): Promise<StoredRollup[]> =>
    this.fetch(
      starts,
      HOUR_MS,
      (ks) => this.results.hoursAt(this.key, ks),
      (a, b) => this.results.hours(this.key, a, b),
    )

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
    const first = wanted[0] as number
    const last = wanted.at(-1) as number
    const found = wanted.length <= MAX_BY_KEY || (last - first) / length + 1 > 2 * wanted.length ? await byKey(wanted) : await byRange(first, last + length)
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

/** Whether `zone`'s offset is a whole number of hours at both ends of a range: then its hours are UTC hours. */
function wholeHoursApart(zone: string, from: number, to: number): boolean {
  return [from, Math.min(to, 8.64e15) - 1].every((t) => tzOffset(zone, new Date(t)) % 60 === 0)
}

/** UTC days that one of `cuts` (instants that are not at midnight UTC) splits in two. */
function daysCut(cuts: readonly number[]): number[] {
  return [...new Set(cuts.filter((c) => c % DAY_MS !== 0).map(dayOf))]
}

/** UTC hours that one of `cuts` (instants that are not on the hour) splits in two. */
function hoursCut(cuts: readonly number[]): number[] {
  return [...new Set(cuts.filter((c) => c % HOUR_MS !== 0).map(hourOf))]
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
