// The compaction Lambda as deployed, with its clients pointed at s3rver and a Glue stand-in: it
// compacts closed partitions, swaps their Glue location, releases its leases and logs metrics.
import t from 'tap'
import { createTelemetry } from '@sdp/service-kit'
import { LAKE_TABLES, partitionOf, partitionPrefix } from '@sdp/catalog'
import { S3LakeStore } from '@sdp/catalog/lake'
import { createCompactionHandler } from '../../src/compact/createCompactionHandler.js'
import { compactionSettingsFromEnv } from '../../src/config.js'
import { startS3 } from '../../../test-support/localServices.js'
import { events, writeLive } from '../_helpers/lake.js'
import { fakeGlue } from '../_helpers/fakeGlue.js'

const table = LAKE_TABLES.parquet_bcns

t.test('compacts every closed partition through S3, the S3 lease and Glue, and logs the totals as metrics', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const glue = fakeGlue()
  const store = new S3LakeStore(s3.s3, s3.bucket)
  // The handler reads the clock: an hour that closed two hours ago, and one still open.
  const closed = partitionOf(Date.now() - 2 * 3_600_000)
  const open = partitionOf(Date.now() + 3_600_000)
  for (let i = 0; i < 4; i++) await writeLive(store, table, closed, `shardId-000000000000-${i}-${i}`, events(closed, i * 10, 10))
  await writeLive(store, table, open, 'shardId-000000000000-9-9', events(open, 0, 10))

  const logged: Record<string, unknown>[] = []
  const emf: Record<string, unknown>[] = []
  const compact = createCompactionHandler({
    s3: s3.s3,
    glue: glue as never,
    bucket: s3.bucket,
    database: 'lake',
    settings: compactionSettingsFromEnv({ COMPACTION_DELETE_DELAY_SECONDS: '0' }),
    telemetry: createTelemetry({ serviceName: 'compaction', logSink: (line) => void logged.push(line), metricSink: (blob) => void emf.push(blob) }),
  })

  const totals = await compact()
  t.match(totals, { partitions: 1, compacted: 1, skipped: 0, filesIn: 4, filesOut: 1, rowsIn: 40, rowsOut: 40, duplicatesDropped: 0, deleted: 4 })
  t.same([...glue.partitions.keys()], [`${closed.dt}/${closed.hour}`], 'only the closed partition is in Glue')
  const swapped = glue.partitions.get(`${closed.dt}/${closed.hour}`)
  t.equal(swapped?.version, '1')
  t.match(
    swapped?.location,
    new RegExp(`^s3://${s3.bucket}/parquet/bcns/compacted/dt=${closed.dt}/hour=${closed.hour}/v000000001-[^/]+/$`),
    'Glue reads the new version',
  )
  t.same(await store.list(partitionPrefix(table, closed)), [], 'the merged live objects are deleted (no delay set)')
  t.equal((await store.list(partitionPrefix(table, open))).length, 1, 'an open hour is left alone')
  t.same(await store.list('_leases/'), [], 'the lease is released')
  t.match(logged, [{ message: 'compaction', FilesIn: 4, RowsOut: 40, PartitionsCompacted: 1 }])
  t.match(emf, [{ _aws: { CloudWatchMetrics: [{ Namespace: 'sdp' }] }, service: 'compaction', FilesIn: 4, RowsOut: 40, PartitionsCompacted: 1 }])

  t.match(await compact(), { partitions: 1, compacted: 0, filesIn: 0 }, 'a second run finds the partition up to date')
})
