import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ConfigError } from '@sdp/stream-runtime'
import { CachedRead } from './_internal/CachedRead.js'
import { addPartial, rates, zeroCounts } from './counts.js'
import type { CampaignSummary } from './responses.js'

/** Attribute-name prefix of a partial accumulator in an aggregates item (see DynamoPartialStore). */
const PARTIAL_PREFIX = 'p:'
/** Partition keys that are campaign ids, as `GET /reports/campaigns/{id}` accepts them. */
const CAMPAIGN_KEY = /^\d{1,15}$/

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
  private readonly segments: number

  constructor(private readonly options: CampaignDirectoryOptions) {
    this.cache = new CachedRead((readAt) => this.read(readAt), options.cacheMs ?? 2000, options.now ?? Date.now)
    this.segments = options.segments ?? 4
    if (!Number.isSafeInteger(this.segments) || this.segments < 1) throw new ConfigError('segments must be an integer ≥ 1')
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
    let startKey: Record<string, AttributeValue> | undefined
    do {
      const page = await this.options.dynamodb.send(
        new ScanCommand({
          TableName: this.options.tableName,
          ExclusiveStartKey: startKey,
          ...(this.segments > 1 ? { Segment: segment, TotalSegments: this.segments } : {}),
        }),
      )
      for (const item of page.Items ?? []) {
        const key = item.pk?.S
        if (key === undefined || !CAMPAIGN_KEY.test(key)) continue
        let entry = into.get(key)
        if (!entry) into.set(key, (entry = { ...zeroCounts(), last: Number.MIN_SAFE_INTEGER }))
        const start = Number(item.sk?.N)
        let counted = false
        for (const [name, value] of Object.entries(item)) {
          if (name.startsWith(PARTIAL_PREFIX) && value.S !== undefined) counted = addPartial(entry, JSON.parse(value.S)) || counted
        }
        if (counted && start > entry.last) entry.last = start
      }
      startKey = page.LastEvaluatedKey
    } while (startKey)
  }
}
