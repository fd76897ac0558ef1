import t from 'tap'
import { LAKE_TABLES } from '../../src/index.js'
import { firehoseJqPartitionQuery, firehoseRawPrefix, gluePartitionInput, glueTableInput } from '../../src/lake/index.js'

t.test('raw tables use partition projection on dt and hour', async (t) => {
  const input = glueTableInput(LAKE_TABLES.raw_bcns, { bucket: 'lake' })
  t.match(input, {
    Name: 'raw_bcns',
    TableType: 'EXTERNAL_TABLE',
    PartitionKeys: [
      { Name: 'dt', Type: 'string' },
      { Name: 'hour', Type: 'string' },
    ],
    Parameters: {
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': 's3://lake/raw/bcns/dt=${dt}/hour=${hour}/',
    },
    StorageDescriptor: { SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' }, Location: 's3://lake/raw/bcns/' },
  })
  t.same(input.StorageDescriptor?.Columns?.slice(0, 5), [
    { Name: 'type', Type: 'string' },
    { Name: 'tx_id', Type: 'string' },
    { Name: 'app_uid', Type: 'string' },
    { Name: 'campaign_item_id', Type: 'bigint' },
    { Name: 'ts', Type: 'bigint' },
  ])
})

t.test('parquet tables have registered partitions, located by the catalog', async (t) => {
  const input = glueTableInput(LAKE_TABLES.parquet_aggregates, { bucket: 'lake' })
  t.notOk(input.Parameters?.['projection.enabled'])
  t.equal(input.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe')
  const partition = gluePartitionInput(LAKE_TABLES.parquet_aggregates, { dt: '2026-11-28', hour: '05' }, { bucket: 'lake' })
  t.same(partition.Values, ['2026-11-28', '05'])
  t.equal(partition.StorageDescriptor?.Location, 's3://lake/parquet/aggregates/dt=2026-11-28/hour=05/')
})

t.test('Firehose prefixes and partition queries', async (t) => {
  t.equal(firehoseRawPrefix(LAKE_TABLES.raw_bcns, 'lambda'), 'raw/bcns/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/')
  t.equal(
    firehoseJqPartitionQuery(LAKE_TABLES.raw_aggregates),
    '{dt: (.period / 1000 | floor) | strftime("%Y-%m-%d"), hour: (.period / 1000 | floor) | strftime("%H")}',
  )
})
