import type { Json } from '@sdp/aggregation-engine'
import { DAY_MS, HOUR_MS, dayOf, hourOf, monthOf, type Head, type ResultsTable, type StoredRollup } from '@sdp/stream-runtime'
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
export type ResultsReads = Pick<ResultsTable, 'totals' | 'hours' | 'days' | 'months' | 'head' | 'itemsAt'>

/**
 * Campaign reports from the results store, which holds final values: totals are one item, and a
 * period report reads the months of its range (days for hour buckets) and, in one BatchGetItem
 * alongside, the campaign's head (its latest month's days, day's hours and hour's periods) and
 * the few days and hours that a bucket edge or `from`/`to` cuts in two — or the hours and the
 * head alone for minute buckets. What is read grows with the buckets asked for, never with the
 * history stored. A period counts in the bucket holding its start, as it always did.
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

/** What one read-ahead brought: the head when asked, and the days and hours asked. */
interface Ahead {
  readonly head: Head | undefined
  readonly days: ReadAhead
  readonly hours: ReadAhead
}

/** The stored items a head stands for: its month's days before its day, its day's hours before its hour, and its hour. */
function headItems(head: Head): { month: StoredRollup; day: StoredRollup; hour: StoredRollup } {
  const day = dayOf(head.hour)
  return { month: { start: monthOf(day), slots: head.days }, day: { start: day, slots: head.hours }, hour: { start: head.hour, slots: head.periods } }
}

/**
 * One period report's reads. Months hold their days' totals and days their hours' totals, up to
 * the campaign's head, which holds the rest. A slot is added whole to its bucket unless a bucket
 * edge or `from`/`to` cuts it; then the finer item is used: days of cut months' days, hours of
 * cut days' hours, periods of cut hours. Which slots are cut follows from the edges alone, so the
 * finer items are read ahead, alongside the coarse ones; a slot the guess missed is read
 * afterwards. A stored item where the head's month, day or hour starts was written after the head
 * was read (stage 2 moved it on meanwhile): it holds what the head held, and the head is left out.
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

  /** Every period of the range, from its hour items and the head's hour. */
  private async readPeriods(): Promise<void> {
    const [hours, head] = await Promise.all([this.results.hours(this.key, hourOf(this.from), this.to), this.results.head(this.key)])
    const latest = head && !hours.some((h) => h.start === head.hour) ? [headItems(head).hour] : []
    this.addPeriods([...hours, ...latest])
  }

  /** Hour buckets in a zone on the whole hour: days whole, their hours split only by `from` and `to`. */
  private async readHours(): Promise<void> {
    const [days, ahead] = await Promise.all([this.results.days(this.key, dayOf(this.from), this.to), this.readAhead(true, [], hoursCut([this.from, this.to]))])
    if (!ahead.head) return
    const latest = headItems(ahead.head)
    if (days.some((d) => d.start === latest.day.start)) return this.addDays(days, undefined, ahead.hours)
    await this.addDays([...days, latest.day], latest.hour, ahead.hours)
  }

  /** Day, week and month buckets: months whole, the days and hours that the zone's calendar cuts read alongside. */
  private async readCalendar(): Promise<void> {
    const { key, from, to } = this
    const upFront = (to - from) / SHORTEST_BUCKET[this.query.period as keyof typeof SHORTEST_BUCKET] <= MAX_EDGES_UP_FRONT
    const [months, ahead] = await Promise.all([
      this.results.months(key, monthOf(from), to),
      upFront ? this.readCuts(from, to, true) : this.readAhead(true, [], []),
    ])
    if (!ahead.head) return
    const latest = headItems(ahead.head)
    const { days, hours } = upFront ? ahead : await this.readCuts(months[0]?.start ?? latest.month.start, latest.hour.start + HOUR_MS, false)
    if (months.some((m) => m.start === latest.month.start)) return this.addDays(await this.take(this.classify(months, DAY_MS), days, 'days'), undefined, hours)
    const cut = await this.take(this.classify([...months, latest.month], DAY_MS), days, 'days')
    await this.addDays([...cut, latest.day], latest.hour, hours)
  }

  /**
   * Works out the bucket edges over `[from, to)` clipped to the range, and reads ahead the days
   * and hours that they, `from` or `to` cut in two (with the head, when asked).
   */
  private readCuts(spanFrom: number, spanTo: number, head: boolean): Promise<Ahead> {
    const edges = bucketEdges(this.query, Math.max(this.from, spanFrom), Math.min(this.to, spanTo + 32 * DAY_MS))
    this.bucketOf = bucketLookup(edges)
    const cuts = [this.from, this.to, ...edges.filter((e) => e > this.from && e < this.to)]
    return this.readAhead(head, daysCut(cuts), hoursCut(cuts))
  }

  /**
   * Adds the hours of `days` whole where no edge cuts them, the latest hour (unless a day already
   * holds it) and the periods of the cut hours.
   */
  private async addDays(days: readonly StoredRollup[], latestHour: StoredRollup | undefined, hours: ReadAhead): Promise<void> {
    const found = await this.take(this.classify(days, HOUR_MS), hours, 'hours')
    const latest = latestHour && !holds(days, latestHour.start, HOUR_MS) && this.inRange(latestHour.start, HOUR_MS)
    this.addPeriods(latest ? [...found, latestHour] : found)
  }

  /** The items starting at `starts`: those read ahead, and the rest read now. */
  private async take(starts: readonly number[], ahead: ReadAhead, unit: 'days' | 'hours'): Promise<StoredRollup[]> {
    const missed = starts.filter((s) => !ahead.asked.has(s))
    const late = missed.length === 0 ? undefined : await this.readAhead(false, unit === 'days' ? missed : [], unit === 'hours' ? missed : [])
    return starts.flatMap((s) => ahead.found.get(s) ?? late?.[unit].found.get(s) ?? [])
  }

  /**
   * The head (when asked) and the days and hours starting at `days` and `hours`, in one
   * BatchGetItem — except those of a kind that fill most of their range, read by one range Query.
   */
  private async readAhead(head: boolean, days: readonly number[], hours: readonly number[]): Promise<Ahead> {
    const dayRange = denseRange(days, DAY_MS)
    const hourRange = denseRange(hours, HOUR_MS)
    const [batch, rangedDays, rangedHours] = await Promise.all([
      this.results.itemsAt(this.key, { head, days: dayRange ? [] : days, hours: hourRange ? [] : hours }),
      dayRange && this.results.days(this.key, ...dayRange),
      hourRange && this.results.hours(this.key, ...hourRange),
    ])
    return { head: batch.head, days: readAheadOf(days, rangedDays || batch.days), hours: readAheadOf(hours, rangedHours || batch.hours) }
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

/** Starts asked and the items found for them. */
function readAheadOf(starts: readonly number[], items: readonly StoredRollup[]): ReadAhead {
  const asked = new Set(starts)
  return { asked, found: new Map(items.filter((item) => asked.has(item.start)).map((item) => [item.start, item])) }
}

/**
 * The range `[first, last + length)` of `starts` when reading it whole is cheaper: more starts
 * than one BatchGetItem takes, filling at least half of the range.
 */
function denseRange(starts: readonly number[], length: number): [number, number] | undefined {
  if (starts.length <= MAX_BY_KEY) return undefined
  const first = Math.min(...starts)
  const last = Math.max(...starts)
  return (last - first) / length + 1 <= 2 * new Set(starts).size ? [first, last + length] : undefined
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
