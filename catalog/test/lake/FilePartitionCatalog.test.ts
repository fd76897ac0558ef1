import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FilePartitionCatalog, visibleKeys, type PartitionManifest } from '../../src/lake/index.js'

const p = { dt: '2026-11-28', hour: '05' }
const manifest = (version: number, location: string): PartitionManifest => ({
  table: 'parquet_bcns',
  partition: p,
  version,
  location,
  files: [{ key: `${location}part-0.parquet`, bytes: 10, rows: 1 }],
  replaced: ['parquet/bcns/dt=2026-11-28/hour=05/a.parquet'],
  committedAt: 1,
})

t.test('file catalog: atomic, exclusive commits', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-catalog-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const catalog = new FilePartitionCatalog(dir)
  t.equal(await catalog.current('parquet_bcns', p), undefined)
  t.notOk(await catalog.commit(manifest(2, 'x/')), 'version 2 cannot come before version 1')
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => catalog.commit(manifest(1, `attempt-${i}/`))))
  t.equal(results.filter(Boolean).length, 1, 'of eight commits of version 1 exactly one wins')
  const winner = results.indexOf(true)
  t.equal((await catalog.current('parquet_bcns', p))?.location, `attempt-${winner}/`)
  t.ok(await catalog.commit(manifest(2, 'next/')))
  t.equal((await catalog.current('parquet_bcns', p))?.version, 2)
  t.same(await catalog.partitions('parquet_bcns'), [p])
  t.same(await catalog.partitions('parquet_clicks'), [])
})

t.test('visible keys: committed files plus live objects not replaced', async (t) => {
  const live = ['parquet/bcns/dt=2026-11-28/hour=05/a.parquet', 'parquet/bcns/dt=2026-11-28/hour=05/late.parquet']
  t.same(visibleKeys(undefined, live), live)
  t.same(visibleKeys(manifest(1, 'v1/'), live), ['v1/part-0.parquet', 'parquet/bcns/dt=2026-11-28/hour=05/late.parquet'])
})
