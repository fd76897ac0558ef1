// The reporting pipeline end to end on the local platform: HTTP ingest → kinesalite → the
// tumbling-window emulator → the reporting window handler → dynalite → the reports API.
import t, { type Test } from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SplitShardCommand, ListShardsCommand } from '@aws-sdk/client-kinesis'
import { SDP_RESOURCES, startSdpPlatform, type SdpPlatformConfig } from '../../src/sdpPlatform.js'
import { consoleLogger, silentLogger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { postEvents, reportMismatches, TEST_PLATFORM, waitFor } from '../_support/harness.js'
import { FilePartitionCatalog, openLocalLake } from '@sdp/catalog/lake'
import { localLakePaths } from '../../src/lake/localLakePaths.js'
import { workload, type Workload } from './workload.js'

const start = (dataDir: string, extra: Partial<SdpPlatformConfig> = {}) =>
  startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir,
    logger: process.env.E2E_LOG ? consoleLogger : silentLogger,
    ...extra,
  })

/**
 * A data directory removed only after the platforms using it have closed (tap's testdir is
 * removed first, while consumers may still be writing). `E2E_LOG=1` shows the platform's log.
 */
async function dataDir(t: Test, ...closers: Array<() => { close(): Promise<void> } | undefined>) {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-e2e-'))
  t.teardown(async () => {
    for (const platform of closers) await platform()?.close()
    await rm(dir, { recursive: true, force: true })
  })
  return dir
}

/** Runs SQL over the platform's lake, as `npm run query` does. */
async function query(platform: LocalPlatform, sql: string) {
  const paths = localLakePaths({ SDP_DATA_DIR: platform.dataDir })
  const lake = await openLocalLake({ s3Directory: paths.s3Directory, bucket: paths.bucket, catalog: new FilePartitionCatalog(paths.catalogDirectory) })
  try {
    return (await lake.query(sql)).rows
  } finally {
    await lake.close()
  }
}

const post = (platform: LocalPlatform, events: object[]) => postEvents(platform.url, events, 250)

/** Waits until the window emulator has begun a Lambda window later than now. */
async function nextWindow(platform: LocalPlatform) {
  const before = platform.mappings[0]?.counters.finalInvocations ?? 0
  await waitFor('a Lambda window to close', () => (platform.mappings[0]?.counters.finalInvocations ?? 0) > before, 10_000)
}

async function expectReports(t: Test, platform: LocalPlatform, expected: Workload['expected']) {
  const mismatches = () => reportMismatches(platform.url, expected)
  await waitFor('every campaign report to equal the expected counts', async () => (await mismatches()).length === 0, 60_000).catch(async (error: unknown) => {
    t.fail(`${(error as Error).message}\n${(await mismatches()).slice(0, 5).join('\n')}`)
  })
  t.same(await mismatches(), [], 'every campaign exact')
}

for (const mode of [
  { name: 'normal', extra: {} },
  { name: 'fresh container per invocation', extra: { freshContainers: true } },
  { name: 'every invocation delivered twice', extra: { deliverTwice: true } },
]) {
  t.test(`random transactions are counted exactly: ${mode.name}`, async (t) => {
    const w = workload(1200, 25, 7)
    let platform: LocalPlatform | undefined
    const dir = await dataDir(t, () => platform)
    platform = await start(dir, mode.extra)
    await waitFor('/health to answer 200', async () => (await fetch(`${platform.url}/health`)).status === 200)
    await post(platform, w.early)
    await nextWindow(platform)
    await post(platform, w.delayed)
    await expectReports(t, platform, w.expected)
    const health = (await (await fetch(`${platform.url}/health`)).json()) as { consumers: Record<string, { attached: boolean }>; reportLagMs: unknown }
    t.match(health.consumers, { reporting: { attached: true }, 'reporting-merge': { attached: true } }, '/health shows both stages')
    t.type(health.reportLagMs, 'number', '/health shows how far the reports trail the stream')
    if (mode.extra.deliverTwice) {
      // The lake holds what the reports hold: each distinct event once, the same per-campaign sums.
      const distinct = [...w.expected.values()].reduce((n, c) => n + c.bids + c.imps + c.clicks, 0)
      await waitFor(
        'parquet_bcns to hold every distinct event',
        async () => Number((await query(platform, 'select count(*) from parquet_bcns'))[0]?.[0]) === distinct,
      )
      const sums = await query(platform, 'select campaign_item_id, sum(bids), sum(imps), sum(clicks) from parquet_aggregates group by 1 order by 1')
      t.same(
        sums.map((r) => r.map(Number)),
        [...w.expected].sort((a, b) => a[0] - b[0]).map(([c, v]) => [c, v.bids, v.imps, v.clicks]),
        'per-campaign sums over parquet_aggregates equal the reports',
      )
    }
  })
}

t.test('a stop and restart in the middle loses and double-counts nothing', async (t) => {
  const w = workload(1000, 20, 11)
  let second: LocalPlatform | undefined
  const dir = await dataDir(t, () => second)
  const half = Math.floor(w.early.length / 2)
  const first = await start(dir)
  await waitFor('/health to answer 200', async () => (await fetch(`${first.url}/health`)).status === 200)
  await post(first, w.early.slice(0, half))
  await first.close()
  second = await start(dir)
  await post(second, w.early.slice(half))
  await nextWindow(second)
  await post(second, w.delayed)
  await expectReports(t, second, w.expected)
})

/** Splits the first shard of `stream` in two and waits until the children are there. */
async function splitFirstShard(platform: LocalPlatform, stream: string) {
  const { kinesis } = platform.services
  const list = async () => (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? []
  const shards = await list()
  const parent = shards[0]
  if (!parent?.ShardId || !parent.HashKeyRange?.StartingHashKey || !parent.HashKeyRange.EndingHashKey) throw new Error(`no shard of ${stream} to split`)
  const mid = (BigInt(parent.HashKeyRange.StartingHashKey) + BigInt(parent.HashKeyRange.EndingHashKey)) / 2n
  await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: parent.ShardId, NewStartingHashKey: mid.toString() }))
  await waitFor(`the split of ${stream} to finish`, async () => (await list()).length === shards.length + 2)
}

t.test('joins and merges hold across a split of both streams while traffic flows', async (t) => {
  const w = workload(1200, 20, 13)
  let platform: LocalPlatform | undefined
  const dir = await dataDir(t, () => platform)
  platform = await start(dir)
  await waitFor('/health to answer 200', async () => (await fetch(`${platform.url}/health`)).status === 200)
  const third = Math.floor(w.early.length / 3)
  await post(platform, w.early.slice(0, third))
  // the rest of the traffic (impressions and clicks of bids sent before the split among it) lands
  // in the children of the event stream, and its partials in the children of the partials stream
  await Promise.all([splitFirstShard(platform, platform.streamName), splitFirstShard(platform, SDP_RESOURCES.partialsStream)])
  await post(platform, w.early.slice(third))
  await nextWindow(platform)
  await post(platform, w.delayed)
  await expectReports(t, platform, w.expected)
})
