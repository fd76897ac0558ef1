import fc from 'fast-check'
import t from 'tap'
import { jobLakeTable, LAKE_TABLES, partitionStart, type LakeRow } from '@sdp/catalog'
import { openLocalLake } from '@sdp/catalog/lake'
import { findJobTables } from '../../src/compact/findJobTables.js'
import { keepLatest } from '../../src/compact/keepLatest.js'
import { runCompaction } from '../../src/compact/runCompaction.js'
import { startLake, writeLive } from '../_helpers/lake.js'

const q7 = jobLakeTable('nexmark-q7')
const p = { dt: '2026-11-28', hour: '05' }
const start = partitionStart(p)
/** A write of window `w` of `key` at revision `r` (stage 2's fixed-width versions). */
const write = (key: string, w: number, r: number, value: unknown): LakeRow => ({
  key,
  window_start: start + w * 10_000,
  window_end: start + (w + 1) * 10_000,
  value: JSON.stringify(value),
  revision: `0000:${String(r).padStart(64, '0')}`,
})

t.test('job tables are found in the lake and compacted to the latest revision of each window', async (t) => {
  const lake = await startLake()
  t.teardown(() => lake.close())
  // Three windows written 3, 2 and 1 times; the newest revision arrives in the first file.
  await writeLive(lake.store, q7, p, 'a', [write('all', 0, 30, { price: 9 }), write('all', 1, 10, { price: 1 })])
  await writeLive(lake.store, q7, p, 'b', [write('all', 0, 10, { price: 3 }), write('all', 1, 20, { price: 4 }), write('all', 2, 5, { price: 7 })])
  await writeLive(lake.store, q7, p, 'c', [write('all', 0, 20, { price: 5 }), write('all', 0, 20, { price: 5 })])
  t.same(
    (await findJobTables(lake.store)).map((table) => table.name),
    ['parquet_job_nexmark_q7'],
    'the job table, from its folder',
  )

  const current = async () => {
    const opened = await openLocalLake({ s3Directory: lake.s3.directory, bucket: lake.s3.bucket, catalog: lake.catalog, tables: [q7] })
    try {
      const sql = `select key, window_start, arg_max(value, revision) as value, count(*) as n from parquet_job_nexmark_q7 group by all order by window_start`
      return (await opened.query(sql)).rows.map((r) => [String(r[0]), Number(r[1]), String(r[2]), Number(r[3])])
    } finally {
      await opened.close()
    }
  }
  const before = await current()
  t.same(
    before.map(([, , v]) => v),
    ['{"price":9}', '{"price":4}', '{"price":7}'],
    'what readers take: the highest revision',
  )

  const report = await runCompaction(lake.options())
  const job = report.partitions.filter((r) => r.table === q7.name)
  t.match(job, [{ status: 'compacted', filesIn: 3, filesOut: 1, rowsIn: 7, rowsOut: 3, duplicatesDropped: 4 }])
  t.notOk(
    report.partitions.some((r) => r.table !== q7.name && r.status === 'compacted'),
    'the platform tables have nothing to do',
  )
  t.same(
    await current(),
    before.map(([k, w, v]) => [k, w, v, 1]),
    'one row per window, its current value',
  )

  // A later write of window 1 lands beside the compacted (kept) file: the next pass supersedes the kept row.
  await writeLive(lake.store, q7, p, 'd', [write('all', 1, 40, { price: 8 })])
  const second = await runCompaction(lake.options({ targetBytes: 1, keepRatio: 0 }))
  t.match(
    second.partitions.filter((r) => r.table === q7.name),
    [{ status: 'compacted', rowsIn: 4, rowsOut: 3 }],
    'the kept file is read again',
  )
  t.same(
    (await current()).map(([, , v, n]) => [v, n]),
    [
      ['{"price":9}', 1],
      ['{"price":8}', 1],
      ['{"price":7}', 1],
    ],
  )
})

t.test('keepLatest equals a reference: per key the highest revision, first of equals, in input order', async (t) => {
  const row = fc.record({ key: fc.constantFrom('a', 'b'), w: fc.integer({ min: 0, max: 2 }), r: fc.integer({ min: 0, max: 5 }), v: fc.nat(9) })
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (spec) => {
        const rows = spec.map((s) => ({ row: write(s.key, s.w, s.r, s.v) }))
        const got = keepLatest(q7, rows)
        const expected = rows.filter((r, i) =>
          rows.every((o, j) => {
            const same = o.row.key === r.row.key && o.row.window_start === r.row.window_start
            if (!same || j === i) return true
            return String(o.row.revision) < String(r.row.revision) || (o.row.revision === r.row.revision && j > i)
          }),
        )
        return JSON.stringify(got) === JSON.stringify(expected)
      }),
    ),
  )
  t.same(keepLatest(LAKE_TABLES.parquet_bcns, [{ row: { tx_id: '1' } }, { row: { tx_id: '1' } }]).length, 2, 'a table without latest keeps every row')
})
