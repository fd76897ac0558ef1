import t from 'tap'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { LAKE_TABLE_NAMES, LAKE_TABLES, lakeObjectKey, toLakeRow, type LakeTable } from '../../src/index.js'
import { encodeNdjsonGzip, encodeParquet, FilePartitionCatalog, openLocalLake } from '../../src/lake/index.js'
import { startS3 } from '../../../test-support/localServices.js'

const p = { dt: '2026-11-28', hour: '05' }
const ts = Date.parse('2026-11-28T05:10:00Z')

t.test('an empty lake answers every table with 0 rows', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-empty-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const lake = await openLocalLake({ s3Directory: join(dir, 's3'), catalog: new FilePartitionCatalog(join(dir, 'catalog')) })
  t.teardown(() => lake.close())
  for (const name of LAKE_TABLE_NAMES) {
    const { rows, columns } = await lake.query(`select count(*) as n from ${name}`)
    t.same(rows, [['0']], name)
    t.same(columns, [{ name: 'n', type: 'BIGINT' }])
  }
  const { columns } = await lake.query('select * from parquet_clicks')
  t.same(
    columns.map((c) => c.name),
    ['type', 'tx_id', 'ts', 'campaign_item_id', 'bid_ts', 'dt', 'hour'],
  )
  await t.rejects(lake.query('select nope from parquet_bcns'), /nope/)
})

t.test('views over s3rver objects: committed files only, complete files only, old files under a newer schema', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const catalogDir = await mkdtemp(join(tmpdir(), 'sdp-catalog-'))
  t.teardown(() => rm(catalogDir, { recursive: true, force: true }))
  const catalog = new FilePartitionCatalog(catalogDir)
  const put = (key: string, body: Uint8Array) => s3.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }))
  const bcns = LAKE_TABLES.parquet_bcns
  const rows = (from: number, n: number, table: LakeTable = bcns, extra: object = {}) =>
    Array.from({ length: n }, (_, i) => toLakeRow(table, { type: 'click', tx_id: `t${from + i}`, ts: ts + i, ...extra }))
  await put(lakeObjectKey(bcns, p, 'a'), encodeParquet(bcns, rows(0, 3)))
  await put(lakeObjectKey(bcns, p, 'b'), encodeParquet(bcns, rows(3, 2)))
  await put(lakeObjectKey(LAKE_TABLES.raw_bcns, p, 'a'), encodeNdjsonGzip(LAKE_TABLES.raw_bcns, rows(0, 4)))
  // a Parquet object s3rver is still writing
  await writeFile(join(s3.directory, s3.bucket, 'parquet/bcns/dt=2026-11-28/hour=05/half.parquet._S3rver_object'), 'PAR1xxxx')

  const lake = await openLocalLake({ s3Directory: s3.directory, bucket: s3.bucket, catalog })
  t.teardown(() => lake.close())
  t.same((await lake.query('select count(*), min(dt), min(hour) from parquet_bcns')).rows, [['5', '2026-11-28', '05']])
  t.same((await lake.query('select count(*) from raw_bcns')).rows, [['4']])

  // a committed compacted version hides the live object it replaced
  const location = 'parquet/bcns/compacted/dt=2026-11-28/hour=05/v000000001-x/'
  await put(`${location}part-0.parquet`, encodeParquet(bcns, rows(0, 3)))
  t.ok(
    await catalog.commit({
      table: 'parquet_bcns',
      partition: p,
      version: 1,
      location,
      files: [{ key: `${location}part-0.parquet`, bytes: 1, rows: 3 }],
      replaced: [lakeObjectKey(bcns, p, 'a')],
      committedAt: 0,
    }),
  )
  await lake.refresh()
  t.same((await lake.query('select count(*), count(distinct tx_id) from parquet_bcns')).rows, [['5', '5']])

  // a column added to the schema: older files read it as NULL
  const evolved: LakeTable = { ...bcns, columns: [...bcns.columns, { name: 'device', type: 'string', required: false }] }
  const before = await openLocalLake({ s3Directory: s3.directory, bucket: s3.bucket, catalog, tables: [evolved] })
  t.same((await before.query('select count(*), count(device) from parquet_bcns')).rows, [['5', '0']], 'only old files: the column exists, all NULL')
  await before.close()
  await put(lakeObjectKey(bcns, p, 'c'), encodeParquet(evolved, rows(10, 2, evolved, { device: 'ios' })))
  const after = await openLocalLake({ s3Directory: s3.directory, bucket: s3.bucket, catalog, tables: [evolved] })
  t.same((await after.query('select count(*), count(device), max(device) from parquet_bcns')).rows, [['7', '2', 'ios']])
  await after.close()
})
