import t from 'tap'
import { GluePartitionCatalog } from '../../src/catalog/GluePartitionCatalog.js'
import { S3LakeStore } from '@sdp/catalog/lake'
import { startS3 } from '../../../test-support/localServices.js'
import { fakeGlue } from '../_helpers/fakeGlue.js'

// The manifests go to a real s3rver (which ignores If-None-Match, so only the sequential
// compare-and-swap is tested); Glue is a recording stand-in.

t.test('Glue catalog: manifests created once per version, the partition location swapped in one call', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const glue = fakeGlue()
  const store = new S3LakeStore(s3.s3, s3.bucket)
  const catalog = new GluePartitionCatalog({ glue: glue as never, s3: s3.s3, store, bucket: s3.bucket, database: 'lake' })
  const p = { dt: '2026-11-28', hour: '05' }
  const manifest = (version: number) => ({
    table: 'parquet_bcns',
    partition: p,
    version,
    location: `parquet/bcns/compacted/dt=2026-11-28/hour=05/v${version}-a/`,
    files: [],
    replaced: [],
    committedAt: 0,
  })
  t.equal(await catalog.current('parquet_bcns', p), undefined)
  t.ok(await catalog.commit(manifest(1)))
  t.same(glue.partitions.get('2026-11-28/05'), { location: `s3://${s3.bucket}/parquet/bcns/compacted/dt=2026-11-28/hour=05/v1-a/`, version: '1' })
  t.notOk(await catalog.commit(manifest(1)), 'version 1 again loses')
  t.notOk(await catalog.commit(manifest(3)), 'versions cannot be skipped')
  t.ok(await catalog.commit(manifest(2)))
  t.equal(glue.partitions.get('2026-11-28/05')?.version, '2')
  // a stale pointer (a commit interrupted between manifest and Glue) is rolled forward on read
  glue.partitions.set('2026-11-28/05', { location: 'old', version: '1' })
  t.equal((await catalog.current('parquet_bcns', p))?.version, 2)
  t.equal(glue.partitions.get('2026-11-28/05')?.version, '2')
  t.same(await catalog.partitions('parquet_bcns'), [p])
})

t.test("Glue catalog: a user job's table without a Glue table gets its manifest, and no partition; a platform table must have one", async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const glue = fakeGlue(['parquet_bcns'])
  const store = new S3LakeStore(s3.s3, s3.bucket)
  const catalog = new GluePartitionCatalog({ glue: glue as never, s3: s3.s3, store, bucket: s3.bucket, database: 'lake' })
  const p = { dt: '2026-11-28', hour: '05' }
  const manifest = (table: string, dataset: string) => ({
    table,
    partition: p,
    version: 1,
    location: `parquet/${dataset}/compacted/dt=2026-11-28/hour=05/v1-a/`,
    files: [],
    replaced: [],
    committedAt: 0,
  })
  t.ok(await catalog.commit(manifest('parquet_job_nexmark_q7', 'job_nexmark_q7')), 'committed')
  t.equal((await catalog.current('parquet_job_nexmark_q7', p))?.version, 1, 'readers follow the manifest')
  t.same(glue.partitions.size, 0, 'no Glue partition')
  await t.rejects(
    catalog.commit(manifest('parquet_clicks', 'clicks')),
    { name: 'EntityNotFoundException' },
    "a platform table's missing Glue table is an error",
  )
})
