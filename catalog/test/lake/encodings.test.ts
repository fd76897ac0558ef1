import t from 'tap'
import fc from 'fast-check'
import { gunzipSync } from 'node:zlib'
import { LAKE_TABLES, lakeObjectKey, partitionOf, rowIdentity, toLakeRow, type LakeTable } from '../../src/index.js'
import { decodeParquet, encodeNdjson, encodeNdjsonGzip, encodeParquet } from '../../src/lake/index.js'
import { bid, click, impression } from '../_helpers/arbitraries.js'

const bcns = LAKE_TABLES.parquet_bcns
const stamped = fc.oneof(bid({ type: true, ts: true }), impression({ type: true, ts: true }), click({ type: true, ts: true }))

t.test('Parquet round-trips every valid event exactly', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(stamped, { maxLength: 30 }), async (events) => {
      const rows = events.map((e) => toLakeRow(bcns, e))
      const back = await decodeParquet(bcns, encodeParquet(bcns, rows))
      t.same(back, rows)
      return true
    }),
    { numRuns: 40 },
  )
})

t.test('NDJSON lines carry the columns in order, nulls left out', async (t) => {
  const row = toLakeRow(bcns, { type: 'click', tx_id: 't1', ts: 5, extra: 'dropped' })
  t.equal(encodeNdjson(bcns, [row, row]), '{"type":"click","tx_id":"t1","ts":5}\n{"type":"click","tx_id":"t1","ts":5}\n')
  t.equal(gunzipSync(encodeNdjsonGzip(bcns, [row])).toString(), '{"type":"click","tx_id":"t1","ts":5}\n')
  t.ok(Object.is(toLakeRow(bcns, { type: 'bid', tx_id: 't', app_uid: '', campaign_item_id: 0, ts: 0, win_price: -0 })['win_price'], 0), '-0 lands as 0')
  fc.assert(
    fc.property(stamped, (e) => {
      const r = toLakeRow(bcns, e)
      const parsed = JSON.parse(encodeNdjson(bcns, [r])) as Record<string, unknown>
      return Object.entries(r).every(([k, v]) => (v === null ? !(k in parsed) : Object.is(parsed[k], v)))
    }),
  )
})

t.test('rows are checked against the table', async (t) => {
  t.throws(() => toLakeRow(bcns, { type: 'bid', ts: 1 }), { message: 'parquet_bcns.tx_id is required' })
  t.throws(() => toLakeRow(bcns, { type: 'bid', tx_id: 'x', ts: 1.5 }), { message: 'parquet_bcns.ts must be a int64, got 1.5' })
  t.equal(rowIdentity(bcns, toLakeRow(bcns, { type: 'imp', tx_id: 't1', ts: 1, win_price: 1 })), '["imp","t1"]')
})

t.test('an optional column added to the schema reads as null in old files', async (t) => {
  const evolved: LakeTable = { ...bcns, columns: [...bcns.columns, { name: 'device', type: 'string', required: false }] }
  const old = encodeParquet(bcns, [toLakeRow(bcns, { type: 'click', tx_id: 'a', ts: 1 })])
  const rows = await decodeParquet(evolved, old)
  t.equal(rows[0]?.['device'], null)
  t.equal(rows[0]?.['tx_id'], 'a')
  const fresh = await decodeParquet(evolved, encodeParquet(evolved, [toLakeRow(evolved, { type: 'click', tx_id: 'b', ts: 1, device: 'ios' })]))
  t.equal(fresh[0]?.['device'], 'ios')
})

t.test('keys follow the lake layout', async (t) => {
  const p = partitionOf(Date.parse('2026-11-28T05:59:59.999Z'))
  t.same(p, { dt: '2026-11-28', hour: '05' })
  t.equal(lakeObjectKey(LAKE_TABLES.raw_bcns, p, 'shardId-000000000000-1-2'), 'raw/bcns/dt=2026-11-28/hour=05/shardId-000000000000-1-2.json.gz')
  t.equal(lakeObjectKey(LAKE_TABLES.parquet_aggregates, p, 'n'), 'parquet/aggregates/dt=2026-11-28/hour=05/n.parquet')
  t.throws(() => lakeObjectKey(bcns, p, '../x'), { name: 'InvalidArgumentError' })
})
