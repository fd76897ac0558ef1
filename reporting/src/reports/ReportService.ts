import type { DynamoPartialStore } from '@sdp/stream-runtime'
import { addPartial, zeroCounts, type Counts } from './counts.js'
import { bucketStart, formatInZone } from './periodBuckets.js'
import type { ReportQuery } from './parseReportQuery.js'

/** One row of a period report. */
export interface PeriodRow extends Counts {
  /** Bucket start in the requested zone, ISO-8601 with offset. */
  readonly period: string
  readonly start: number
}

/**
 * Campaign reports from the partial store: every stored partial of a (campaign, period) item is
 * summed, whichever shard or invocation wrote it — each only once, because partials are stored by id.
 */
export class ReportService {
  constructor(private readonly store: Pick<DynamoPartialStore, 'query'>) {}

  /** Totals of a campaign over all time; zeros for a campaign nothing was counted for. */
  async totals(campaignItemId: number): Promise<Counts & { campaign_item_id: number }> {
    const counts = zeroCounts()
    for (const row of await this.store.query(String(campaignItemId))) for (const acc of row.partials.values()) addPartial(counts, acc)
    return { campaign_item_id: campaignItemId, ...counts }
  }

  /** One row per bucket of `query.period` in `query.timezone` holding any counted event in `[from, to)`. */
  async periods(query: ReportQuery): Promise<PeriodRow[]> {
    const rows = await this.store.query(String(query.campaignItemId), query.from, query.to)
    const buckets = new Map<number, Counts>()
    for (const row of rows) {
      if (row.start >= query.to) continue // BETWEEN is inclusive; `to` is not
      const start = bucketStart(row.start, query.period, query.timezone)
      let counts = buckets.get(start)
      if (!counts) buckets.set(start, (counts = zeroCounts()))
      for (const acc of row.partials.values()) addPartial(counts, acc)
    }
    const sorted = [...buckets].sort((a, b) => (query.desc ? b[0] - a[0] : a[0] - b[0]))
    return sorted.map(([start, c]) => ({ period: formatInZone(start, query.timezone), start, ...c }))
  }
}
