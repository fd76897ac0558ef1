// `npm run sql`: arguments, refusals, --explain, no platform, and the bounded mode against a real
// local platform (kinesalite behind the platform's own ingest).
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSdpPlatform } from '@sdp/infra'
import { runSqlCli } from '../../cli/src/runSqlCli.js'

const BIDS_PER_MINUTE =
  "SELECT campaign_item_id, window_start, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, campaign_item_id"

async function cli(args: readonly string[], env: Record<string, string> = {}, until?: (stdout: string) => boolean) {
  let stdout = ''
  let stderr = ''
  const stop = new AbortController()
  const io = {
    stdout: (s: string) => {
      stdout += s
      if (until?.(stdout)) stop.abort()
    },
    stderr: (s: string) => (stderr += s),
  }
  const code = await runSqlCli(args, env, io, { pollMs: 50, signal: stop.signal })
  return { code, stdout, stderr }
}

t.test('--explain prints the plan without a platform', async (t) => {
  const { code, stdout } = await cli(['--explain', BIDS_PER_MINUTE])
  t.equal(code, 0)
  t.match(stdout, /window: {5}tumbling 1 min on ts\nkeys: {7}campaign_item_id\naggregates: COUNT\(\*\)/)
})

t.test('a refused query exits 1 with its line:column; bad arguments exit 2 in one line', async (t) => {
  const refused = await cli(['SELECT domain FROM bids'])
  t.equal(refused.code, 1)
  t.equal(refused.stderr, 'sql: 1:1: not supported: a query without a window: a streaming aggregation needs TUMBLE, HOP or SESSION\n')
  for (const args of [['--idle', '0', BIDS_PER_MINUTE], ['--from', 'yesterday', BIDS_PER_MINUTE], ['--format', 'xml', BIDS_PER_MINUTE], ['--nope'], []]) {
    const bad = await cli(args)
    t.equal(bad.code, 2, args.join(' '))
    t.match(bad.stderr, /^sql: .* \(see --help\)\n$/)
  }
  t.match((await cli(['--help'])).stdout, /Usage: npm run sql/)
})

t.test('with no platform running it says so in one line and exits 1', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-sql-none-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const { code, stdout, stderr } = await cli(['--bounded', BIDS_PER_MINUTE], { SDP_DATA_DIR: dir })
  t.equal(code, 1)
  t.equal(stdout, '')
  t.equal(stderr, `sql: no platform is running on ${dir}: start one with npm start (or give its Kinesis endpoint with --url)\n`)
})

t.test('bounded: reads the running platform stream to its end and prints the final table', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-sql-bounded-'))
  const platform = await startSdpPlatform({ port: 0, dataDir: dir, windowSeconds: 1, heartbeatIntervalMs: 300, pollIntervalMs: 100, compactionIntervalMs: 0 })
  t.teardown(async () => {
    await platform.close()
    await rm(dir, { recursive: true, force: true })
  })
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 120_000
  const events = [
    ...Array.from({ length: 5 }, (_, i) => ({ type: 'bid', tx_id: `a${i}`, app_uid: 'u', campaign_item_id: 1, ts: minute + i * 1_000 })),
    ...Array.from({ length: 3 }, (_, i) => ({ type: 'bid', tx_id: `b${i}`, app_uid: 'u', campaign_item_id: 2, ts: minute + 61_000 + i })),
    { type: 'click', tx_id: 'a0', ts: minute + 2_000 },
  ]
  // Sent twice: the same (type, tx_id) counts once.
  for (let i = 0; i < 2; i++) {
    const answer = await fetch(`${platform.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) })
    t.equal(answer.status, 200)
  }
  const expected = [
    { campaign_item_id: 1, window_start: new Date(minute).toISOString(), bids: 5 },
    { campaign_item_id: 2, window_start: new Date(minute + 60_000).toISOString(), bids: 3 },
  ]
  // Found through the data directory, where the running platform records its endpoints, or given with --url.
  const ways: Array<{ args: string[]; env: Record<string, string> }> = [
    { args: [], env: { SDP_DATA_DIR: dir } },
    { args: ['--url', platform.services.endpoints.kinesis], env: {} },
  ]
  for (const how of ways) {
    const { code, stdout, stderr } = await cli(['--bounded', '--idle', '1', '--format', 'json', ...how.args, BIDS_PER_MINUTE], how.env)
    t.equal(stderr, '')
    t.equal(code, 0)
    t.same(JSON.parse(stdout), expected)
  }

  // Live: each window's row is printed once the watermark (heartbeats of wall-clock time) closes it.
  const second = Math.floor(Date.now() / 1_000) * 1_000
  const live = [1, 2, 3].map((i) => ({ type: 'bid', tx_id: `live-${i}`, app_uid: 'u', campaign_item_id: 7, ts: second + i * 10 }))
  t.equal((await fetch(`${platform.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(live) })).status, 200)
  const perSecond =
    "SELECT campaign_item_id, window_start, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND)) WHERE campaign_item_id = 7 GROUP BY window_start, window_end, campaign_item_id"
  const watched = await cli(['--format', 'json', '--url', platform.services.endpoints.kinesis, perSecond], {}, (out) => out.includes('"bids"'))
  t.equal(watched.code, 0)
  t.same(JSON.parse(watched.stdout.split('\n')[0]!), { campaign_item_id: 7, window_start: new Date(second).toISOString(), bids: 3 })
})
