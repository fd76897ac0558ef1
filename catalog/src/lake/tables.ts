import { Aggregation } from '../aggregates/Aggregation.js'
import { bidCodecs } from '../events/Bid.js'
import { clickCodecs } from '../events/Click.js'
import { impressionCodecs } from '../events/Impression.js'
import { InvalidArgumentError } from '../errors.js'
import type { LakeColumn } from './LakeColumn.js'
import type { LakeDataset, LakeFormat, LakeTable, LakeTableName } from './LakeTable.js'
import { codecColumns, unionColumns } from './_internal/codecColumns.js'

const bid = codecColumns(bidCodecs.stamped)
const column = (columns: readonly LakeColumn[], name: string): LakeColumn => {
  const found = columns.find((c) => c.name === name)
  if (found === undefined) throw new InvalidArgumentError(`the schema has no field ${name}`)
  return found
}
// A joined impression or click carries its bid's campaign and event time.
const joinedWithBid = (event: readonly LakeColumn[]): LakeColumn[] => [
  ...event,
  { ...column(bid, 'campaign_item_id'), required: true },
  { ...column(bid, 'ts'), name: 'bid_ts', required: true },
]

// A walk-in (click): the impression (click) of `tx_id`, joined with a location ping of its bid's app_uid.
const walkIn: readonly LakeColumn[] = [
  { ...column(bid, 'tx_id'), required: true },
  { ...column(bid, 'app_uid'), required: true },
  { ...column(bid, 'campaign_item_id'), required: true },
  { ...column(bid, 'ts'), required: true },
]

const COLUMNS: Record<LakeDataset, readonly LakeColumn[]> = {
  bcns: unionColumns([bid, codecColumns(impressionCodecs.stamped), codecColumns(clickCodecs.stamped)]),
  impressions: joinedWithBid(codecColumns(impressionCodecs.stamped)),
  clicks: joinedWithBid(codecColumns(clickCodecs.stamped)),
  aggregates: [...codecColumns(Aggregation), { name: 'partial_id', type: 'string', required: true }],
  walkins: walkIn,
  walkin_clicks: walkIn,
}

const DESCRIPTIONS: Record<LakeDataset, string> = {
  bcns: 'every accepted bid, impression and click',
  impressions: 'impressions joined with their bid',
  clicks: 'clicks joined with their bid',
  aggregates: 'partial aggregates per campaign and event-time period',
  walkins: 'impressions with a location ping of their app_uid within the locations session timeout (walk-ins)',
  walkin_clicks: 'clicks with a location ping of their app_uid within the locations session timeout (walk-in clicks)',
}

const SHAPE: Record<LakeDataset, { identity: readonly string[]; timeColumn: string }> = {
  bcns: { identity: ['type', 'tx_id'], timeColumn: 'ts' },
  impressions: { identity: ['type', 'tx_id'], timeColumn: 'ts' },
  clicks: { identity: ['type', 'tx_id'], timeColumn: 'ts' },
  aggregates: { identity: ['campaign_item_id', 'period', 'partial_id'], timeColumn: 'period' },
  walkins: { identity: ['tx_id'], timeColumn: 'ts' },
  walkin_clicks: { identity: ['tx_id'], timeColumn: 'ts' },
}

function define(format: LakeFormat, dataset: LakeDataset): LakeTable {
  const what = format === 'raw' ? 'gzip NDJSON copy' : 'Parquet'
  return {
    name: `${format}_${dataset}`,
    dataset,
    format,
    description: `${DESCRIPTIONS[dataset]} (${what})`,
    columns: COLUMNS[dataset],
    ...SHAPE[dataset],
    partitionKeys: ['dt', 'hour'],
  }
}

/**
 * The lake tables, generated from the catalog codecs: `raw_*` (gzip NDJSON under `raw/`)
 * and `parquet_*` (Parquet under `parquet/`) for `bcns` (every accepted event; raw: the stream
 * as delivered, duplicates included), `impressions` and `clicks` (joined with their bid),
 * `aggregates` (partial aggregates), and `walkins` and `walkin_clicks` (written by the walk-in
 * join as Parquet only: their `raw_*` tables stay empty). Both tables of a data set have the same columns.
 *
 * @example
 * ```ts
 * LAKE_TABLES.parquet_bcns.columns.map((c) => c.name)
 * // ['type', 'tx_id', 'app_uid', 'campaign_item_id', 'ts', 'domain', 'creative_id', 'creative_category', 'win_price']
 * ```
 */
export const LAKE_TABLES: Readonly<Record<LakeTableName, LakeTable>> = {
  raw_bcns: define('raw', 'bcns'),
  parquet_bcns: define('parquet', 'bcns'),
  raw_impressions: define('raw', 'impressions'),
  parquet_impressions: define('parquet', 'impressions'),
  raw_clicks: define('raw', 'clicks'),
  parquet_clicks: define('parquet', 'clicks'),
  raw_aggregates: define('raw', 'aggregates'),
  parquet_aggregates: define('parquet', 'aggregates'),
  raw_walkins: define('raw', 'walkins'),
  parquet_walkins: define('parquet', 'walkins'),
  raw_walkin_clicks: define('raw', 'walkin_clicks'),
  parquet_walkin_clicks: define('parquet', 'walkin_clicks'),
}

/** The names of the tables, raw and Parquet side by side. */
export const LAKE_TABLE_NAMES = Object.keys(LAKE_TABLES) as LakeTableName[]

/**
 * The table of a name.
 *
 * @throws InvalidArgumentError for a name that is not one of {@link LAKE_TABLE_NAMES}
 */
export function lakeTable(name: string): LakeTable {
  const table = (LAKE_TABLES as Record<string, LakeTable | undefined>)[name]
  if (table === undefined || !Object.hasOwn(LAKE_TABLES, name)) {
    throw new InvalidArgumentError(`table must be one of ${LAKE_TABLE_NAMES.join(', ')}, got ${JSON.stringify(name)}`)
  }
  return table
}
