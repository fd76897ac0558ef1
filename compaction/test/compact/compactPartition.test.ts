import t from 'tap'
import { LAKE_TABLES, partitionPrefix, type LakePartition } from '@sdp/catalog'
import { compactPartition } from '../../src/compact/compactPartition.js'
import { runCompaction } from '../../src/compact/runCompaction.js'
import { COMPACTION_STEPS } from '../../src/constants.js'
import type { Lease } from '../../src/lease/Lease.js'
import { events, startLake, writeLive } from '../_helpers/lake.js'

const table = LAKE_TABLES.parquet_bcns
const where = (p: LakePartition) => `dt = '${p.dt}' and hour = '${p.hour}'`

t.test('compaction over s3rver and DuckDB', async (t) => {
  const lake = await startLake()
  t.teardown(() => lake.close())

  /** A partition with `files` small live objects of 20 distinct events each. */
  const fill = async (p: LakePartition, files: number, rowsPerFile = 20) => {
    for (let i = 0; i < files; i++) await writeLive(lake.store, table, p, `shardId-000000000000-${i}-${i}`, events(p, i * rowsPerFile, rowsPerFile))
  }

  t.test('rows and checksum are equal before and after; files and bytes are reported', async (t) => {
    const p = { dt: '2026-11-28', hour: '01' }
    await fill(p, 30)
    const before = await lake.checksum(table, where(p))
    t.equal(before.rows, 600)
    const report = await compactPartition(lake.options(), table, p)
    t.match(report, { status: 'compacted', version: 1, filesIn: 30, filesOut: 1, rowsIn: 600, rowsOut: 600, duplicatesDropped: 0 })
    t.ok(report.bytesIn > report.bytesOut, `${report.bytesIn} bytes in, ${report.bytesOut} out`)
    t.same(await lake.checksum(table, where(p)), before)
    t.equal((await compactPartition(lake.options(), table, p)).status, 'up-to-date', 'a second pass has nothing to do')
    lake.clock.now += 61_000
    const cleaned = await compactPartition(lake.options(), table, p)
    t.equal(cleaned.deleted, 30, 'the merged live objects are deleted after the delay')
    t.same(await lake.store.list(partitionPrefix(table, p)), [])
    t.same(await lake.checksum(table, where(p)), before)
  })

  t.test('duplicate identities are dropped, every distinct row is kept once', async (t) => {
    const p = { dt: '2026-11-28', hour: '02' }
    await fill(p, 5)
    // a retried flush under other names: the same events again
    await writeLive(lake.store, table, p, 'shardId-000000000001-0-0', events(p, 0, 50))
    const distinct = await lake.checksum(table, where(p), true)
    t.equal(distinct.rows, 100)
    const report = await compactPartition(lake.options(), table, p)
    t.equal(report.duplicatesDropped, 50)
    t.same(await lake.checksum(table, where(p)), distinct)
  })

  t.test('a partition of more rows than a call takes arguments', async (t) => {
    const p = { dt: '2026-11-28', hour: '23' }
    await fill(p, 4, 50_000)
    const report = await compactPartition(lake.options(), table, p)
    t.match(report, { status: 'compacted', rowsIn: 200_000, rowsOut: 200_000 })
    t.equal((await lake.checksum(table, where(p))).rows, 200_000)
  })

  t.test('bins outputs near the target size', async (t) => {
    const p = { dt: '2026-11-28', hour: '03' }
    await fill(p, 12, 400)
    const bytes = (await lake.store.list(partitionPrefix(table, p))).reduce((s, o) => s + o.size, 0)
    const before = await lake.checksum(table, where(p))
    const report = await compactPartition(lake.options({ targetBytes: Math.ceil(bytes / 3) }), table, p)
    t.ok(report.filesOut >= 2 && report.filesOut <= 4, `${report.filesOut} outputs`)
    t.same(await lake.checksum(table, where(p)), before)
  })

  t.test('a crash after any step, then a re-run, leaves rows and checksum unchanged', async (t) => {
    for (const [i, crashAt] of COMPACTION_STEPS.entries()) {
      const p = { dt: '2026-11-27', hour: String(10 + i).padStart(2, '0') }
      await fill(p, 8)
      const before = await lake.checksum(table, where(p))
      const crash = lake.options({
        onStep: (step) => {
          if (step === crashAt) throw new Error(`crash after ${step}`)
        },
      })
      await t.rejects(compactPartition(crash, table, p), { message: `crash after ${crashAt}` })
      t.same(await lake.checksum(table, where(p)), before, `readers unaffected by a crash after ${crashAt}`)
      await compactPartition(lake.options(), table, p)
      t.same(await lake.checksum(table, where(p)), before, `re-run after a crash after ${crashAt} converges`)
      lake.clock.now += 61_000
      await compactPartition(lake.options(), table, p)
      t.same(await lake.checksum(table, where(p)), before, `garbage collection after a crash after ${crashAt}`)
      const manifest = await lake.catalog.current(table.name, p)
      t.ok(manifest, 'a version is committed')
      t.same(await lake.store.list(partitionPrefix(table, p)), [], 'live inputs are gone')
      const compacted = await lake.store.list(`parquet/bcns/compacted/dt=${p.dt}/hour=${p.hour}/`)
      t.ok(
        compacted.every((o) => o.key.startsWith(manifest?.location ?? '?')),
        'only the committed version is left',
      )
    }
  })

  t.test('two concurrent compactions of one partition lose and duplicate nothing', async (t) => {
    const p = { dt: '2026-11-28', hour: '04' }
    await fill(p, 10)
    const before = await lake.checksum(table, where(p))
    const statuses = (await Promise.all([compactPartition(lake.options(), table, p), compactPartition(lake.options(), table, p)])).map((r) => r.status).sort()
    t.same(statuses, ['compacted', 'leased'], 'the lease lets one run')
    t.same(await lake.checksum(table, where(p)), before)

    // A stale holder whose lease expired (a lease that always grants): the catalog's compare-and-swap decides.
    const q = { dt: '2026-11-28', hour: '05' }
    await fill(q, 10)
    const beforeQ = await lake.checksum(table, where(q))
    const noLease: Lease = { acquire: async (name) => ({ name, owner: 'x', expiresAt: 0 }), release: async () => undefined }
    let waiting = 0
    let open!: () => void
    const barrier = new Promise<void>((resolve) => (open = resolve))
    const meet = lake.options({
      lease: noLease,
      onStep: async (step) => {
        if (step !== 'planned') return
        if (++waiting === 2) open()
        await barrier
      },
    })
    const raced = (await Promise.all([compactPartition(meet, table, q), compactPartition(meet, table, q)])).map((r) => r.status).sort()
    t.same(raced, ['compacted', 'lost-race'])
    t.same(await lake.checksum(table, where(q)), beforeQ)
    t.equal((await lake.catalog.current(table.name, q))?.version, 1)
    const outputs = await lake.store.list(`parquet/bcns/compacted/dt=${q.dt}/hour=${q.hour}/`)
    t.equal(outputs.length, 1, 'the loser removed its outputs')
  })

  t.test('a late file in a compacted partition is visible at once and merged by the next pass', async (t) => {
    const p = { dt: '2026-11-28', hour: '06' }
    await fill(p, 4)
    await compactPartition(lake.options(), table, p)
    await writeLive(lake.store, table, p, 'shardId-000000000000-99-99', events(p, 1000, 7))
    const withLate = await lake.checksum(table, where(p))
    t.equal(withLate.rows, 87, 'visible before any compaction')
    const report = await compactPartition(lake.options(), table, p)
    t.match(report, { status: 'compacted', version: 2, filesIn: 2, filesOut: 1, rowsOut: 87 })
    t.same(await lake.checksum(table, where(p)), withLate)
  })

  t.test('an optional column added to the schema does not break compacting old files', async (t) => {
    const p = { dt: '2026-11-28', hour: '07' }
    const evolved = { ...table, columns: [...table.columns, { name: 'device', type: 'string' as const, required: false }] }
    await fill(p, 3)
    const late = events(p, 500, 4).map((r) => ({ ...r, device: 'ios' }))
    await writeLive(lake.store, evolved, p, 'shardId-000000000000-50-50', late)
    const before = await lake.checksum(evolved, where(p))
    t.equal(before.rows, 64)
    await compactPartition(lake.options(), evolved, p)
    t.same(await lake.checksum(evolved, where(p)), before, 'old rows keep NULL, new rows keep their value')
  })

  t.test('a run visits only closed partitions and reports totals', async (t) => {
    const open = { dt: '2026-11-28', hour: '11' } // ends 12:00, grace 30 min: still open at 12:00
    await fill(open, 3)
    const progress: number[] = []
    const report = await runCompaction(lake.options({ tables: [table], onProgress: (done) => progress.push(done) }))
    t.notOk(
      report.partitions.some((r) => r.partition.hour === '11' && r.partition.dt === '2026-11-28'),
      'the open hour is left alone',
    )
    t.equal(progress.length, report.partitions.length)
    t.equal(report.totals.partitions, report.partitions.length)
    t.ok(report.mbPerSecond >= 0)
  })
})
