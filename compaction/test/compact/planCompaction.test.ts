import t from 'tap'
import fc from 'fast-check'
import { binRows, planCompaction } from '../../src/compact/planCompaction.js'

const manifest = (files: { key: string; bytes: number }[], replaced: string[]) => ({
  table: 'parquet_bcns',
  partition: { dt: '2026-11-28', hour: '05' },
  version: 1,
  location: 'v1/',
  files: files.map((f) => ({ ...f, rows: 1 })),
  replaced,
  committedAt: 0,
})
const live = (key: string, size = 10) => ({ key, size, lastModified: 0 })

t.test('plans merge new live objects and small committed files, keep big ones', async (t) => {
  t.match(planCompaction(undefined, [live('a'), live('b')], 100, 0.75), { keep: [], fresh: ['a', 'b'], worthwhile: true })
  const m = manifest(
    [
      { key: 'v1/big', bytes: 90 },
      { key: 'v1/small', bytes: 5 },
    ],
    ['a', 'b'],
  )
  t.match(planCompaction(m, [live('a'), live('b')], 100, 0.75), { worthwhile: false }, 'nothing new')
  const plan = planCompaction(m, [live('a'), live('late')], 100, 0.75)
  t.same(
    plan.keep.map((f) => f.key),
    ['v1/big'],
  )
  t.same(
    plan.merge.map((f) => f.key),
    ['v1/small', 'late'],
  )
  t.same(plan.fresh, ['late'])
})

t.test('bins keep every row once, in order, each bin near the target', async () => {
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 500 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }), (rows, bytes, target) => {
      const bins = binRows(rows, bytes, rows.length, target)
      const perRow = Math.max(1, bytes / Math.max(1, rows.length))
      return JSON.stringify(bins.flat()) === JSON.stringify(rows) && bins.every((b) => b.length > 0 && (b.length === 1 || b.length * perRow <= target))
    }),
  )
})
