import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ConfigError, DynamoPartialStore } from '@sdp/stream-runtime'
import { CachedRead } from './_internal/CachedRead.js'
import { addPartial, rates, zeroCounts } from './counts.js'
import { CAMPAIGN_ID_PATTERN, type CampaignSummary } from './responses.js'

/** Options of {@link CampaignDirectory}. */
export interface CampaignDirectoryOptions {
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  /** The aggregates table (pk `pk` = campaign id, sk `sk` = period start, `p:<id>` partials). */
  readonly tableName: string
  /** How long one read of the table serves every request. @default 2000 */
  readonly cacheMs?: number
  /** Parallel scan segments. @default 4 */
  readonly segments?: number
  /** @default Date.now */
  readonly now?: () => number
}

/** Every campaign's totals and when they were read. */
export interface CampaignSnapshot {
  readonly campaigns: readonly CampaignSummary[]
  readonly readAt: number
}

/**
 * Every campaign of the aggregates table with its totals over all time, summed exactly as
 * `ReportService.totals` sums them (each stored partial once). Reads the whole table with a
 * parallel Scan; one read serves all requests for `cacheMs` (concurrent requests share it), so a
 * dashboard polling every few seconds costs one Scan per `cacheMs` per container. A Scan reads
 * every item: its cost grows with campaigns × periods kept (see reporting/dashboard/README.md).
 */
export class CampaignDirectory {
  private readonly cache: CachedRead<CampaignSnapshot>
  private readonly store: DynamoPartialStore
  private readonly segments: number

  constructor(options: CampaignDirectoryOptions) {
    this.cache = new CachedRead((readAt) => this.read(readAt), options.cacheMs ?? 2000, options.now ?? Date.now)
    this.segments = options.segments ?? 4
    if (!Number.isSafeInteger(this.segments) || this.segments < 1) throw new ConfigError('segments must be an integer ≥ 1')
    this.store = new DynamoPartialStore({ dynamodb: options.dynamodb, tableName: options.tableName })
  }

  /** Every campaign's totals, at most `cacheMs` old. */
  snapshot(): Promise<CampaignSnapshot> {
    return this.cache.get()
  }

  private async read(readAt: number): Promise<CampaignSnapshot> {
    const totals = new Map<string, { bids: number; imps: number; clicks: number; last: number }>()
    await Promise.all(Array.from({ length: this.segments }, (_, segment) => this.scanSegment(segment, totals)))
    const campaigns = [...totals].map(([key, c]) => ({
      campaign_item_id: Number(key),
      bids: c.bids,
      imps: c.imps,
      clicks: c.clicks,
      ...rates(c),
      last_period: c.last,
    }))
    return { campaigns, readAt }
  }

  private async scanSegment(segment: number, into: Map<string, { bids: number; imps: number; clicks: number; last: number }>): Promise<void> {
    for await (const window of this.store.scan(this.segments > 1 ? { index: segment, total: this.segments } : undefined)) {
      if (!CAMPAIGN_ID_PATTERN.test(window.key)) continue // keys `GET /reports/campaigns/{id}` cannot ask for
      let entry = into.get(window.key)
      if (!entry) into.set(window.key, (entry = { ...zeroCounts(), last: Number.MIN_SAFE_INTEGER }))
      let counted = false
      for (const accumulator of window.partials.values()) counted = addPartial(entry, accumulator) || counted
      if (counted && window.start > entry.last) entry.last = window.start
    }
  }
}
