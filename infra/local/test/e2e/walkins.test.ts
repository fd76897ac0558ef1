// Walk-ins end to end on the local platform: random bids, impressions, clicks and location pings
// over HTTP → stage 1 (tx_id join, forwards keyed by app_uid) → the walk-in join → stage 2 → the
// reports, which must equal a brute-force interval join, in every emulator mode.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { consoleLogger, silentLogger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { postEvents, TEST_PLATFORM, waitFor } from '../_support/harness.js'
import { FilePartitionCatalog, openLocalLake } from '@sdp/catalog/lake'
import { localLakePaths } from '../../src/lake/localLakePaths.js'

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

const TIMEOUT_MS = 60_000
type Totals = { bids: number; imps: number; clicks: number; walkins: number; walkin_clicks: number }

/** Random transactions and pings within ten minutes of event time, with the counts a brute-force join gives. */
function walkInWorkload(seed: number, base: number) {
  const txs = fc.sample(
    fc.record({
      campaign: fc.integer({ min: 1, max: 6 }),
      app: fc.integer({ min: 0, max: 24 }),
      at: fc.integer({ min: 0, max: 480_000 }),
      imp: fc.integer({ min: 0, max: 9 }),
      click: fc.integer({ min: 0, max: 9 }),
      dt: fc.integer({ min: 0, max: 60_000 }),
    }),
    { numRuns: 250, seed },
  )
  const pings = fc.sample(fc.record({ app: fc.integer({ min: 0, max: 24 }), at: fc.integer({ min: 0, max: 600_000 }) }), { numRuns: 60, seed: seed + 1 })
  const events: object[] = []
  const expected = new Map<number, Totals>()
  const pingTimes = new Map<string, number[]>()
  for (const p of pings) {
    const app_uid = `walker-${seed}-${p.app}`
    pingTimes.set(app_uid, [...(pingTimes.get(app_uid) ?? []), base + p.at])
    events.push({ type: 'location', app_uid, timestamp: base + p.at, longitude: -73.98, latitude: 40.75 })
  }
  const near = (app: string, ts: number) => (pingTimes.get(app) ?? []).some((p) => Math.abs(p - ts) <= TIMEOUT_MS)
  txs.forEach((tx, i) => {
    const tx_id = `walk-${seed}-${i}`
    const app_uid = `walker-${seed}-${tx.app}`
    const campaign_item_id = 2_000_000 + tx.campaign
    const c = expected.get(campaign_item_id) ?? { bids: 0, imps: 0, clicks: 0, walkins: 0, walkin_clicks: 0 }
    expected.set(campaign_item_id, c)
    const bidTs = base + tx.at
    events.push({ type: 'bid', tx_id, app_uid, campaign_item_id, ts: bidTs })
    c.bids++
    if (tx.imp >= 6) return
    const impTs = bidTs + tx.dt
    events.push({ type: 'imp', tx_id, win_price: 2, ts: impTs })
    c.imps++
    if (near(app_uid, impTs)) c.walkins++
    if (tx.click >= 5) return
    const clickTs = impTs + tx.dt
    events.push({ type: 'click', tx_id, ts: clickTs })
    c.clicks++
    if (near(app_uid, clickTs)) c.walkin_clicks++
  })
  // Any arrival order: pings, bids, impressions and clicks shuffled together (and one batch resent).
  const order = fc.sample(fc.nat(), { numRuns: events.length, seed: seed + 2 })
  const shuffled = events
    .map((e, i) => ({ e, k: order[i] ?? 0 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e)
  return { events: [...shuffled, ...shuffled.slice(0, 100)], expected }
}

async function mismatches(platform: LocalPlatform, expected: ReadonlyMap<number, Totals>): Promise<string[]> {
  const wrong: string[] = []
  for (const [campaign, want] of expected) {
    const got = (await (await fetch(`${platform.url}/reports/campaigns/${campaign}`)).json()) as Totals
    const keys = ['bids', 'imps', 'clicks', 'walkins', 'walkin_clicks'] as const
    if (keys.some((k) => got[k] !== want[k])) wrong.push(`${campaign}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
  }
  return wrong
}

for (const mode of [
  { name: 'normal', extra: {} },
  { name: 'fresh container per invocation', extra: { freshContainers: true } },
  { name: 'every invocation delivered twice', extra: { deliverTwice: true } },
]) {
  t.test(`walk-ins equal the brute-force interval join: ${mode.name}`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'sdp-walkins-'))
    const started: { platform?: LocalPlatform } = {}
    t.teardown(async () => {
      await started.platform?.close()
      await rm(dir, { recursive: true, force: true })
    })
    const platform = (started.platform = await startSdpPlatform({
      ...TEST_PLATFORM,
      dataDir: dir,
      logger: process.env.E2E_LOG ? consoleLogger : silentLogger,
      reporting: { ...DEFAULT_REPORTING_CONFIG, locationsTimeoutMs: TIMEOUT_MS },
      ...mode.extra,
    }))
    const url = platform.url
    await waitFor('/health to answer 200', async () => (await fetch(`${url}/health`)).status === 200)
    const w = walkInWorkload(21, Date.now() - 660_000)
    t.ok(
      [...w.expected.values()].some((c) => c.walkins > 0) && [...w.expected.values()].some((c) => c.imps > c.walkins),
      'some impressions are walk-ins, some not',
    )
    await postEvents(url, w.events, 200)
    await waitFor('every campaign report to equal the brute-force join', async () => (await mismatches(platform, w.expected)).length === 0, 90_000).catch(
      async (error: unknown) => t.fail(`${(error as Error).message}\n${(await mismatches(platform, w.expected)).slice(0, 5).join('\n')}`),
    )
    t.same(await mismatches(platform, w.expected), [], 'every campaign exact')
    const health = (await (await fetch(`${url}/health`)).json()) as { consumers: Record<string, { attached: boolean }> }
    t.match(health.consumers, { walkins: { attached: true } }, '/health shows the walk-in consumer')
    // The lake holds each walk-in and walk-in click once, per campaign as the reports count them.
    const want = (k: 'walkins' | 'walkin_clicks') =>
      [...w.expected]
        .filter(([, c]) => c[k] > 0)
        .sort((a, b) => a[0] - b[0])
        .map(([campaign, c]) => [campaign, c[k], c[k]])
    for (const k of ['walkins', 'walkin_clicks'] as const) {
      const sql = `select campaign_item_id, count(*), count(distinct tx_id) from parquet_${k} group by 1 order by 1`
      await waitFor(
        `parquet_${k} to hold every ${k}`,
        async () => JSON.stringify((await query(platform, sql)).map((r) => r.map(Number))) === JSON.stringify(want(k)),
      )
      t.same(
        (await query(platform, sql)).map((r) => r.map(Number)),
        want(k),
        `parquet_${k} per campaign, each identity once`,
      )
    }
  })
}
