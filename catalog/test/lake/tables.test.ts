import t from 'tap'
import { Aggregation, LAKE_TABLES, LAKE_TABLE_NAMES, lakeTable, StreamRecord } from '../../src/index.js'

t.test('the twelve tables, raw and Parquet with the same columns', async (t) => {
  t.same(LAKE_TABLE_NAMES, [
    'raw_bcns',
    'parquet_bcns',
    'raw_impressions',
    'parquet_impressions',
    'raw_clicks',
    'parquet_clicks',
    'raw_aggregates',
    'parquet_aggregates',
    'raw_walkins',
    'parquet_walkins',
    'raw_walkin_clicks',
    'parquet_walkin_clicks',
  ])
  for (const dataset of ['bcns', 'impressions', 'clicks', 'aggregates'] as const) {
    t.same(LAKE_TABLES[`raw_${dataset}`].columns, LAKE_TABLES[`parquet_${dataset}`].columns, dataset)
    t.same(LAKE_TABLES[`raw_${dataset}`].partitionKeys, ['dt', 'hour'])
  }
})

t.test('columns are generated from the codecs', async (t) => {
  const names = (name: keyof typeof LAKE_TABLES) => LAKE_TABLES[name].columns.map((c) => `${c.name}:${c.type}${c.required ? '!' : ''}`)
  t.same(
    names('parquet_bcns'),
    [
      'type:string!',
      'tx_id:string!',
      'app_uid:string',
      'campaign_item_id:int64',
      'ts:int64!',
      'domain:string',
      'creative_id:string',
      'creative_category:string',
      'win_price:double',
    ],
    'the union of the stamped bid, impression and click: win_price widened to double',
  )
  t.same(names('parquet_impressions'), ['type:string!', 'tx_id:string!', 'win_price:int64!', 'ts:int64!', 'campaign_item_id:int64!', 'bid_ts:int64!'])
  t.same(names('parquet_clicks'), ['type:string!', 'tx_id:string!', 'ts:int64!', 'campaign_item_id:int64!', 'bid_ts:int64!'])
  t.same(names('parquet_walkins'), ['tx_id:string!', 'app_uid:string!', 'campaign_item_id:int64!', 'ts:int64!'])
  t.same(names('parquet_walkin_clicks'), names('parquet_walkins'))
  t.same(names('parquet_aggregates'), ['campaign_item_id:int64!', 'period:int64!', 'bids:int64!', 'imps:int64!', 'clicks:int64!', 'partial_id:string!'])
  // every field of every event codec has a column
  const eventFields = new Set<string>()
  for (const member of (StreamRecord as unknown as { types: { type: { types: { props: object }[] } }[] }).types.slice(0, 3)) {
    for (const part of member.type.types) for (const k of Object.keys(part.props)) eventFields.add(k)
  }
  t.same([...eventFields].sort(), LAKE_TABLES.parquet_bcns.columns.map((c) => c.name).sort())
  t.same(Object.keys((Aggregation as unknown as { type: { props: object } }).type.props), ['campaign_item_id', 'period', 'bids', 'imps', 'clicks'])
})

t.test('identity columns', async (t) => {
  t.same(LAKE_TABLES.parquet_bcns.identity, ['type', 'tx_id'])
  t.same(LAKE_TABLES.parquet_clicks.identity, ['type', 'tx_id'])
  t.same(LAKE_TABLES.parquet_aggregates.identity, ['campaign_item_id', 'period', 'partial_id'])
  t.equal(LAKE_TABLES.parquet_aggregates.timeColumn, 'period')
})

t.test('lakeTable names the tables it knows', async (t) => {
  t.equal(lakeTable('raw_clicks'), LAKE_TABLES.raw_clicks)
  t.throws(() => lakeTable('toString'), { name: 'InvalidArgumentError', message: /table must be one of raw_bcns/ })
})
