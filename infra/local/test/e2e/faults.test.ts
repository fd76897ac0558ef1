// The exactness test with the services failing: the fault proxy throttles, fails and cuts off
// requests to kinesalite, dynalite and s3rver (SDP_FAULTS), and still every report is exact, the
// lake's parquet_* tables hold each identity once after compaction, every bid trains the model
// once, and every write path met every kind of fault.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { LAKE_TABLES } from '@sdp/catalog'
import { FilePartitionCatalog, openLocalLake } from '@sdp/catalog/lake'
import { FileLease, runCompaction, S3LakeStore } from '@sdp/compaction'
import { DEFAULT_TRAINING_CONFIG } from '@sdp/ml'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { consoleLogger, silentLogger, type LogFields, type Logger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { localLakePaths } from '../../src/lake/localLakePaths.js'
import { formatFaultSpec, parseFaultSpec } from '../../src/faults/FaultSpec.js'
import { faultsOf, type FaultCounts } from '../../src/faults/FaultCounter.js'
import { callFaultKinds, type FaultKind, type FaultService } from '../../src/faults/constants.js'
import { FaultCounter } from '../../src/faults/FaultCounter.js'
import { startFaultProxy } from '../../src/faults/startFaultProxy.js'
import { createLocalClients, destroyLocalClients } from '../../src/localClients.js'
import { reportMismatches, TEST_PLATFORM, waitFor } from '../_support/harness.js'
import { postResending } from '../_support/postResending.js'
import { workload } from './workload.js'

// Low rates keep the run short; `cover` makes every call meet every kind among its first requests.
const SPEC = parseFaultSpec(process.env.E2E_FAULTS ?? 's3=0.05,dynamodb=0.05,kinesis=0.05,reset=0.02,seed=7,cover=1')
// How long the reports and the model get to become exact (the mutation tests run harsher rates).
const DEADLINE_MS = Number(process.env.E2E_DEADLINE_MS ?? 60_000)
// Compaction, run by the test, gets a proxy of its own: its calls meet every kind, then no more.
const COMPACTION_SPEC = parseFaultSpec('seed=11,cover=1')

/** The platform's write paths: each must meet every kind of fault its calls can meet. */
const WRITE_PATHS: ReadonlyArray<[path: string, service: FaultService, call: string]> = [
  ['ingest', 'kinesis', 'PutRecords sdp-events'],
  ['heartbeats', 'kinesis', 'PutRecords sdp-events (explicit hash keys)'],
  ['stage 1 partials', 'kinesis', 'PutRecords sdp-partials (explicit hash keys)'],
  ['stage 1 state', 's3', 'PutObject sdp-lake/state/reporting'],
  ['stage 2 results', 'dynamodb', 'PutItem sdp-aggregates'],
  ['stage 2 state', 's3', 'PutObject sdp-lake/state/reporting-merge'],
  ...['bcns', 'impressions', 'clicks', 'aggregates'].map((d): [string, FaultService, string] => ['lake sink parquet', 's3', `PutObject sdp-lake/parquet/${d}`]),
  ...['impressions', 'clicks', 'aggregates'].map((d): [string, FaultService, string] => ['lake sink JSON copies', 's3', `PutObject sdp-lake/raw/${d}`]),
  ['raw landing', 's3', 'PutObject sdp-lake/raw/bcns'],
  ['training state', 's3', 'PutObject sdp-lake/state/ml-bid-win'],
  ['model versions', 's3', 'PutObject sdp-lake/models/bid-win'],
  ['state pruning', 's3', 'DeleteObjects sdp-lake'],
]

/** The kinds of fault of `call` that `counts` shows none of. */
const missedKinds = (counts: FaultCounts, service: FaultService, call: string): FaultKind[] =>
  callFaultKinds(service, call.split(' ')[0] ?? '').filter((kind) => faultsOf(counts, service, kind, (c) => c === call) === 0)

t.test('with the services failing, every count is exact and every write path met every fault', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-faults-'))
  let platform: LocalPlatform | undefined
  // Every line the platform logs, the handlers' included, kept to find the retries in.
  const lines: Array<{ level: string; message: string; fields?: LogFields }> = []
  const shown = process.env.E2E_LOG ? consoleLogger : silentLogger
  const logger: Logger = {
    info: (message, fields) => (lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }), shown.info(message, fields)),
    warn: (message, fields) => (lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }), shown.warn(message, fields)),
    error: (message, fields) => (lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }), shown.error(message, fields)),
  }
  t.teardown(async () => {
    await platform?.close()
    await rm(dir, { recursive: true, force: true })
  })
  platform = await startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir: dir,
    logger,
    training: { ...DEFAULT_TRAINING_CONFIG, bidTimeoutMs: 2_000 },
    faults: SPEC,
    // Off by default; the mutation tests turn it on so every invocation reloads its state from S3.
    freshContainers: process.env.E2E_FRESH_CONTAINERS === '1',
  })
  const url = platform.url
  await waitFor('/health to answer 200', async () => (await fetch(`${url}/health`)).status === 200, 30_000)
  const began = Date.now()
  const phase = (name: string) => t.comment(`${name} after ${Date.now() - began} ms`)
  const w = workload(600, 20, 29)
  const resent = await postResending(url, [...w.early, ...w.delayed], 20)
  phase(`posted (${resent} resends)`)

  // A client resends a read answered 503 (the reports store failing), as it does a write.
  const readRetrying = async (report: string): Promise<unknown> => {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(report)
      if (response.status !== 503 || attempt >= 20) return response.json()
      await delay(50 * attempt)
    }
  }
  const mismatches = () => reportMismatches(url, w.expected, readRetrying)
  await waitFor('every campaign report to equal the expected counts', async () => (await mismatches()).length === 0, DEADLINE_MS).catch(
    async (error: unknown) => {
      t.fail(`${(error as Error).message}\n${(await mismatches()).slice(0, 5).join('\n')}`)
    },
  )
  t.same(await mismatches(), [], 'every campaign exact')
  phase('reports exact')

  // Every bid labelled and trained once: a won impression or a timeout, never both, never twice.
  const bids = [...w.expected.values()].reduce((n, c) => n + c.bids, 0)
  const s3 = platform.services.direct.s3
  const json = async (key: string) =>
    JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: 'sdp-lake', Key: key }))).Body!.transformToString()) as {
      key: string
      metrics?: { examples?: number }
      heldOut?: { examples?: number }
    }
  const trained = async () => {
    try {
      const latest = await json('models/bid-win/latest.json')
      const version = await json(latest.key)
      return (version.metrics?.examples ?? 0) + (version.heldOut?.examples ?? 0)
    } catch {
      return 0
    }
  }
  await waitFor(`the model to have trained on all ${bids} bids`, async () => (await trained()) >= bids, DEADLINE_MS / 2).catch(() => undefined)
  t.equal(await trained(), bids, 'every bid trained exactly once')
  phase('training complete')

  // Compaction through the failing S3, retried as its schedule would, until a pass completes.
  const paths = localLakePaths({ SDP_DATA_DIR: platform.dataDir })
  const compactionCounter = new FaultCounter()
  const proxy = await startFaultProxy({ service: 's3', target: platform.services.direct.endpoints.s3, spec: COMPACTION_SPEC, counter: compactionCounter })
  const { s3: compactionS3, ...others } = createLocalClients({ ...platform.services.direct.endpoints, s3: proxy.url })
  t.teardown(async () => {
    destroyLocalClients({ s3: compactionS3, ...others })
    await proxy.close()
  })
  const compact = () =>
    runCompaction({
      store: new S3LakeStore(compactionS3, paths.bucket),
      catalog: new FilePartitionCatalog(paths.catalogDirectory),
      lease: new FileLease(paths.leaseDirectory),
      graceMs: 0,
      deleteDelayMs: 0,
      leaseTtlMs: 60_000,
      now: () => Date.now() + 2 * 3_600_000,
    })
  let passes = 0
  for (;;) {
    passes++
    try {
      const report = await compact()
      if (report.totals.compacted > 0 || passes > 20) break
    } catch (error) {
      // a pass the faults broke: the next one picks up where it left off
      if (process.env.E2E_LOG) t.comment(`compaction pass ${passes} failed: ${String(error)}`)
      if (passes > 60) throw error
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

  const health = (await (await fetch(`${url}/health`)).json()) as { faults?: { spec: string; requests: Record<string, number> } }
  t.equal(health.faults?.spec, formatFaultSpec(SPEC), '/health names the faults, seed included')
  t.ok((health.faults?.requests.s3 ?? 0) > 0, '/health counts the requests')
  const counts = await platform.faults!.currentCounts()
  if (process.env.E2E_LOG) t.comment(JSON.stringify(counts.calls), JSON.stringify(platform.mappings.map((m) => [m.name, m.counters])))
  for (const [path, service, call] of WRITE_PATHS) {
    t.same(missedKinds(counts, service, call), [], `${path} (${call}, ${counts.calls[service][call] ?? 0} requests) met every kind of fault`)
  }
  const compaction = compactionCounter.snapshot()
  const compactionKinds = callFaultKinds('s3', 'PutObject').filter((kind) => faultsOf(compaction, 's3', kind) === 0)
  t.same(compactionKinds, [], 'compaction met every kind of fault')
  // The mutation tests run with AWS_MAX_ATTEMPTS=1: no SDK retries to see then.
  const sdkRetries = process.env.AWS_MAX_ATTEMPTS !== '1'
  if (sdkRetries) t.ok(counts.sdkRetries.s3 > 0 && counts.sdkRetries.dynamodb > 0 && counts.sdkRetries.kinesis > 0, 'the SDK retried on every service')

  // Visible: each retried call is a structured log line, and /reports/metrics counts the faults.
  const retried = lines.filter((l) => l.message === 'AWS call retried')
  const retriedServices = new Set(retried.map((l) => String(l.fields?.awsService)))
  if (sdkRetries)
    t.same(
      [...retriedServices].filter((s) => ['S3', 'DynamoDB', 'Kinesis'].includes(s)).sort(),
      ['DynamoDB', 'Kinesis', 'S3'],
      'the logs name retried calls of every service',
    )
  t.ok(
    retried.every((l) => l.level === 'warn' && l.fields?.service === 'aws-sdk' && Number(l.fields?.attempts) > 1 && typeof l.fields?.operation === 'string'),
    'one WARN line per retried call, with its operation and attempts',
  )
  const metrics = (await (await fetch(`${url}/reports/metrics`)).json()) as {
    faults: { spec: string; injected_total: number; sdk_retries_total: number; services: Record<string, { injected: number }> } | null
  }
  t.equal(metrics.faults?.spec, formatFaultSpec(SPEC), '/reports/metrics names the faults')
  t.ok(
    (metrics.faults?.injected_total ?? 0) > 0 && (!sdkRetries || (metrics.faults?.sdk_retries_total ?? 0) > 0),
    '/reports/metrics counts faults injected and SDK retries',
  )
  t.ok(
    ['s3', 'dynamodb', 'kinesis'].every((s) => (metrics.faults?.services[s]?.injected ?? 0) > 0),
    '/reports/metrics counts faults per service',
  )
})
