/** The SQL type of a column or an expression. */
export type SqlType = 'number' | 'string' | 'boolean' | 'null'

/** A source table: a view of the event stream holding the events of some types. */
export interface SourceTable {
  readonly name: string
  /** The stream's `type` values this table holds. */
  readonly eventTypes: readonly string[]
  readonly columns: Readonly<Record<string, SqlType>>
}

const bidColumns = {
  type: 'string',
  tx_id: 'string',
  ts: 'number',
  app_uid: 'string',
  campaign_item_id: 'number',
  domain: 'string',
  creative_id: 'string',
  creative_category: 'string',
  win_price: 'number',
} as const satisfies Record<string, SqlType>

/**
 * The stream as SQL sees it: `bcns` holds every event (a column an event lacks is NULL), and
 * `bids`, `impressions`, `clicks` hold one type each, with the fields ingest puts on the stream
 * (the catalog's Bid, Impression and Click, stamped with `ts`).
 */
export const SOURCE_TABLES: Readonly<Record<string, SourceTable>> = {
  bcns: { name: 'bcns', eventTypes: ['bid', 'imp', 'click'], columns: bidColumns },
  bids: { name: 'bids', eventTypes: ['bid'], columns: bidColumns },
  impressions: { name: 'impressions', eventTypes: ['imp'], columns: { type: 'string', tx_id: 'string', ts: 'number', win_price: 'number' } },
  clicks: { name: 'clicks', eventTypes: ['click'], columns: { type: 'string', tx_id: 'string', ts: 'number' } },
}

/** The column that is event time (epoch ms). */
export const TIME_COLUMN = 'ts'
/** The stream's partition key: a transaction's events share a shard. */
export const PARTITION_COLUMN = 'tx_id'
