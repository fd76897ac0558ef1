import type { ResultsTable } from '@sdp/stream-runtime'
import { CachedRead } from './_internal/CachedRead.js'
import { addPartial, rates, zeroCounts } from './counts.js'
import { CAMPAIGN_ID_PATTERN, type CampaignSummary } from './responses.js'

/** Options of {@link CampaignDirectory}. */
export interface CampaignDirectoryOptions {
  /** The results store, whose directory holds one totals item per campaign. */
  readonly results: Pick<ResultsTable, 'directory'>
  /** How long one read of the directory serves every request. @default 2000 */
  readonly cacheMs?: number
  /** @default Date.now */
  readonly now?: () => number
}

/** Every campaign's totals and when they were read. */
export interface CampaignSnapshot {
  readonly campaigns: readonly CampaignSummary[]
  readonly readAt: number
}

/**
 * Every campaign with its totals over all time, from the results store's directory: one item per
 * campaign, kept current by the second stage, so a read costs one Query over as many items as
 * there are campaigns — not a Scan of every period stored. One read serves all requests for
 * `cacheMs` (concurrent requests share it).
 */
export class CampaignDirectory {
  private readonly cache: CachedRead<CampaignSnapshot>

  constructor(private readonly options: CampaignDirectoryOptions) {
    this.cache = new CachedRead((readAt) => this.read(readAt), options.cacheMs ?? 2000, options.now ?? Date.now)
  }

  /** Every campaign's totals, at most `cacheMs` old. */
  snapshot(): Promise<CampaignSnapshot> {
    return this.cache.get()
  }

  private async read(readAt: number): Promise<CampaignSnapshot> {
    const campaigns: CampaignSummary[] = []
    for (const stored of await this.options.results.directory()) {
      if (!CAMPAIGN_ID_PATTERN.test(stored.key)) continue // keys `GET /reports/campaigns/{id}` cannot ask for
      const counts = zeroCounts()
      if (!addPartial(counts, stored.value)) continue
      campaigns.push({ campaign_item_id: Number(stored.key), ...counts, ...rates(counts), last_period: stored.lastPeriod })
    }
    return { campaigns, readAt }
  }
}
