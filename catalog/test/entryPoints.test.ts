// The package's two entry points, resolved by name as every other workspace resolves them.
import t from 'tap'
import * as root from '@sdp/catalog'
import * as lake from '@sdp/catalog/lake'

t.test('the root holds the schemas and table definitions, not the lake I/O', async (t) => {
  for (const name of ['Bid', 'validateEvent', 'parseStreamRecord', 'LAKE_TABLES', 'lakeObjectKey', 'partitionOf', 'toLakeRow', 'rowIdentity'])
    t.ok(name in root, name)
  for (const name of [
    'encodeParquet',
    'decodeParquet',
    'encodeNdjsonGzip',
    'glueTableInput',
    'S3LakeStore',
    'FilePartitionCatalog',
    'openLocalLake',
    'AthenaQueryRunner',
  ])
    t.notOk(name in root, `${name} is not at the root`)
})

t.test('@sdp/catalog/lake holds the encodings, Glue, stores and queries', async (t) => {
  for (const name of [
    'encodeParquet',
    'decodeParquet',
    'encodeNdjsonGzip',
    'glueTableInput',
    'S3LakeStore',
    'FilePartitionCatalog',
    'visibleKeys',
    'openLocalLake',
    'lakeViewSql',
    'AthenaQueryRunner',
  ])
    t.ok(name in lake, name)
  const table = root.LAKE_TABLES.parquet_bcns
  const rows = await lake.decodeParquet(table, lake.encodeParquet(table, [root.toLakeRow(table, { type: 'click', tx_id: 't1', ts: 1 })]))
  t.match(rows, [{ tx_id: 't1' }], 'the two entry points work together')
})
