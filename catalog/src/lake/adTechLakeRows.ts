import type { StampedAdEvent } from '../events/StreamRecord.js'
import type { LakeDataset, LakeRow } from './LakeTable.js'
import { LAKE_TABLES } from './tables.js'
import { toLakeRow } from './toLakeRow.js'

/** Rows for the Parquet tables of each data set, as one flush of a stream job produced them. */
export type LakeRows = { readonly [D in LakeDataset]?: readonly LakeRow[] }

/** A count the ad-tech job credited to a campaign (the shape of reporting's `Contribution`). */
export interface JoinedContribution {
  readonly campaign: number
  readonly kind: 'bid' | 'imp' | 'click'
  readonly ts: number
  readonly bidTs: number
  readonly winPrice?: number
}

/** What the ad-tech job emits for the lake (the shape of reporting's `AdTechOutput`). */
export interface AdTechEmission {
  readonly event: StampedAdEvent
  readonly contributions: readonly JoinedContribution[]
}

/** A flushed partial accumulator of the ad-tech job: key = campaign, accumulator = `[bids, imps, clicks]`. */
export interface AdTechPartial {
  readonly id: string
  readonly key: unknown
  readonly window: { readonly start: number; readonly end: number }
  readonly accumulator: unknown
}

/**
 * The lake rows of one flush of the ad-tech job: every distinct event for `bcns`; each
 * impression or click contribution (that event joined with its bid: campaign and bid time) for
 * `impressions` / `clicks`; each partial accumulator for `aggregates`, identified by its partial
 * id. Rows that cannot be joined whole (an impression contribution without a price, a partial
 * that is not `[bids, imps, clicks]` of a numeric campaign) are left out rather than block the
 * shard.
 *
 * @example
 * ```ts
 * const rows = adTechLakeRows(result.emitted, result.partials)
 * rows.impressions // [{ type: 'imp', tx_id, win_price, ts, campaign_item_id, bid_ts }]
 * ```
 */
export function adTechLakeRows(emitted: readonly AdTechEmission[], partials: readonly AdTechPartial[]): LakeRows {
  const bcns: LakeRow[] = []
  const impressions: LakeRow[] = []
  const clicks: LakeRow[] = []
  const aggregates: LakeRow[] = []
  for (const { event, contributions } of emitted) {
    bcns.push(toLakeRow(LAKE_TABLES.parquet_bcns, event))
    for (const c of contributions) {
      if (c.kind === 'imp') {
        const price = c.winPrice ?? (event.type === 'imp' ? event.win_price : undefined)
        if (price === undefined) continue
        impressions.push(
          toLakeRow(LAKE_TABLES.parquet_impressions, {
            type: 'imp',
            tx_id: event.tx_id,
            win_price: price,
            ts: c.ts,
            campaign_item_id: c.campaign,
            bid_ts: c.bidTs,
          }),
        )
      } else if (c.kind === 'click') {
        clicks.push(toLakeRow(LAKE_TABLES.parquet_clicks, { type: 'click', tx_id: event.tx_id, ts: c.ts, campaign_item_id: c.campaign, bid_ts: c.bidTs }))
      }
    }
  }
  for (const p of partials) {
    const acc = p.accumulator
    if (typeof p.key !== 'number' || !Array.isArray(acc) || acc.length !== 3) continue
    const [bids, imps, clicksCount] = acc as unknown[]
    aggregates.push(
      toLakeRow(LAKE_TABLES.parquet_aggregates, { campaign_item_id: p.key, period: p.window.start, bids, imps, clicks: clicksCount, partial_id: p.id }),
    )
  }
  return { bcns, impressions, clicks, aggregates }
}
