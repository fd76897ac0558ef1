// The JSON bodies of `GET /reports/campaigns` and `GET /reports/metrics`: the contract the
// dashboard (reporting/dashboard/) is compiled against.

/** Most digits of a campaign id: every 15-digit number is a safe integer (below 2^53). */
export const CAMPAIGN_ID_MAX_DIGITS = 15

/** A campaign id as the API accepts it (path parameter, aggregates key): 1 to 15 digits. */
export const CAMPAIGN_ID_PATTERN = new RegExp(`^\\d{1,${CAMPAIGN_ID_MAX_DIGITS}}$`)

/** Sort keys of `GET /reports/campaigns`. */
export const CAMPAIGN_SORT_KEYS = ['campaign_item_id', 'bids', 'imps', 'clicks', 'win_rate', 'ctr', 'last_period'] as const
export type CampaignSortKey = (typeof CAMPAIGN_SORT_KEYS)[number]

/** Sort directions. */
export const SORT_ORDERS = ['asc', 'desc'] as const
export type SortOrder = (typeof SORT_ORDERS)[number]

/** One campaign's totals over all time, as `GET /reports/campaigns/{id}` counts them, with its rates. */
export interface CampaignSummary {
  readonly campaign_item_id: number
  readonly bids: number
  readonly imps: number
  readonly clicks: number
  /** Impressions with a location ping of their `app_uid` within the locations session timeout. */
  readonly walkins: number
  /** Clicks with such a ping. */
  readonly walkin_clicks: number
  /** `imps / bids`; null when there are no bids. */
  readonly win_rate: number | null
  /** `clicks / imps`; null when there are no impressions. */
  readonly ctr: number | null
  /** Start (epoch ms) of the latest aggregation period holding counts of the campaign. */
  readonly last_period: number
}

/** Body of `GET /reports/campaigns`: one page of the (searched, sorted) campaigns. */
export interface CampaignListResponse {
  readonly items: readonly CampaignSummary[]
  /** Campaigns matching `search` (all pages). */
  readonly total: number
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly next_cursor: string | null
  readonly search: string
  readonly sort: CampaignSortKey
  readonly order: SortOrder
  readonly limit: number
  /** Sums over every campaign, whatever the search. */
  readonly summary: { readonly campaigns: number; readonly bids: number; readonly imps: number; readonly clicks: number }
  /** When the aggregates were read (ISO-8601); the list may be up to the service's cache age old. */
  readonly as_of: string
}

/** One stream consumer (a Lambda event-source mapping) as the platform sees it. */
export interface ConsumerMetrics {
  readonly name: string
  /** Iterator-age equivalent: age of the oldest record read but not yet processed, ms. */
  readonly lag_ms: number
  readonly invocations: number
  readonly failures: number
  readonly records: number
}

/** What `GET /reports/metrics` says about the bid-win model (`models/bid-win/latest.json`). */
export type ModelStatus =
  | { readonly status: 'none'; readonly message: string }
  | { readonly status: 'unavailable'; readonly message: string }
  | {
      readonly status: 'ready'
      readonly version: string
      readonly examples: number | null
      /** Largest bid event time trained on (ISO-8601). */
      readonly event_time: string | null
      /** When the version was published (the pointer's last modification, ISO-8601). */
      readonly updated_at: string | null
      /** Progressive validation over every example in the model; a field is null when not (yet) defined. */
      readonly metrics: {
        readonly examples: number | null
        readonly win_rate: number | null
        readonly auc: number | null
        readonly log_loss: number | null
        readonly baseline_log_loss: number | null
      }
    }

/**
 * Body of `GET /reports/metrics`: platform health. Figures only a running platform knows (ingest
 * rate, consumer lag, compaction runs) come from its metrics provider and are null without one
 * (the AWS stack has none: read those in CloudWatch); dead letters and the model are read from
 * the lake bucket and are null without one.
 */
export interface MetricsResponse {
  readonly generated_at: string
  /** Name of the provider of the live figures (`local`), or null. */
  readonly platform: string | null
  readonly ingest: {
    /** Events accepted by the ingest API per second, over the last 10 s. */
    readonly events_per_second: number | null
    /** Events accepted since the platform started. */
    readonly events_total: number | null
  }
  readonly lag: {
    /** Largest lag over the stream consumers, ms. */
    readonly window_handler_ms: number | null
    /** How far the reports trail the event stream: the two reporting stages' lags added up, ms. */
    readonly report_ms: number | null
    readonly consumers: readonly ConsumerMetrics[]
  }
  readonly dead_letters: {
    /** Dead-letter objects under `errors/`. */
    readonly files: number | null
    /** Records in them (a lower bound while `complete` is false). */
    readonly records: number | null
    /** Every listed file's record count is known. */
    readonly complete: boolean
    readonly latest_at: string | null
    /** Files per source (`errors/<source>/…`). */
    readonly by_source: Readonly<Record<string, number>>
  }
  /** The last compaction pass the platform ran, or null when none ran (or nothing reports it). */
  readonly compaction: {
    readonly finished_at: string
    readonly duration_ms: number | null
    readonly partitions_compacted: number | null
    readonly files_in: number | null
    readonly files_out: number | null
  } | null
  readonly model: ModelStatus
  /** Faults injected on purpose (the local platform's fault mode), or null when none are. */
  readonly faults: {
    readonly spec: string
    /** Per service (`s3`, `dynamodb`, `kinesis`): requests, faults injected, SDK retries. */
    readonly services: Readonly<Record<string, { readonly requests: number; readonly injected: number; readonly sdk_retries: number }>>
    readonly injected_total: number
    readonly sdk_retries_total: number
  } | null
}
