// User jobs end to end: SDP_JOBS-style job files → stage 1 on the event stream → the job's
// partials stream → stage 2 → the job results table (GET /jobs/{name}/results) and the lake table
// (`npm run query`), each checked against a brute-force answer — in the normal, the
// fresh-container and the deliver-twice mode of the event-source mapping. In the normal mode a
// session job (whose results are emitted rows, not merged partials) runs beside it.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { consoleLogger, silentLogger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { runQueryCli } from '../../src/lake/runQueryCli.js'
import { postEvents, TEST_PLATFORM, waitFor } from '../_support/harness.js'

/** What `/health` says of each consumer. */
type Health = { consumers: Record<string, { records: number; deadLetters: number; deadLetterRate: number }> }
type Results = { results: Array<{ key: number; windowStart: number; windowEnd: number; value: unknown }> }

const example = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url))
const JOB_FILE = example('adtech/maxWinPrice.ts')
const JOB = 'adtech-max-win-price'
const SESSIONS_FILE = example('nexmark/q11.ts')
const SESSIONS = 'nexmark-q11'
const CAMPAIGNS = [100, 101, 102, 103]

/** Bids of 4 campaigns over 2 minutes from now, most with an impression 0.1–2 s later. */
function workload(now: number) {
  const events: Array<Record<string, unknown>> = []
  const expected = new Map<string, number>() // `<campaign>|<window start>` → max win price
  for (let i = 0; i < 160; i++) {
    const ts = now + i * 750
    const campaign = CAMPAIGNS[i % 4]!
    const tx_id = `tx-${now}-${i}`
    events.push({ type: 'bid', tx_id, campaign_item_id: campaign, domain: 'd.com', app_uid: `u${i}`, ts })
    if (i % 5 === 4) continue // a bid nobody won
    const impTs = ts + 100 + ((i * 37) % 1_900)
    const price = 1 + ((i * 7919) % 250)
    events.push({ type: 'imp', tx_id, win_price: price, ts: impTs })
    // The pair enters the window at max(bid.ts, imp.ts).
    const k = `${campaign}|${Math.floor(impTs / 60_000) * 60_000}`
    expected.set(k, Math.max(expected.get(k) ?? 0, price))
  }
  events.sort((a, b) => (a.ts as number) - (b.ts as number))
  return { events, expected }
}

const sorted = (m: ReadonlyMap<string, unknown>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)))

/** Every (key, window start) → value the results API answers for `keys`. */
async function results(platform: LocalPlatform, job: string, keys: readonly number[]) {
  const got = new Map<string, unknown>()
  for (const key of keys) {
    const body = (await (await fetch(`${platform.url}/jobs/${job}/results?key=${key}`)).json()) as Results
    for (const r of body.results) got.set(`${r.key}|${r.windowStart}`, r.value)
  }
  return got
}

/** The same from the job's lake table through `npm run query`: the latest revision of each window. */
async function lakeResults(dataDir: string) {
  let out = ''
  const sql = `select key, window_start, arg_max(value, revision) as value from parquet_job_adtech_max_win_price group by all`
  const code = await runQueryCli(['--format', 'json', sql], { SDP_DATA_DIR: dataDir }, { stdout: (s) => (out += s), stderr: () => undefined })
  if (code !== 0) return new Map<string, unknown>()
  const rows = JSON.parse(out) as Array<{ key: string; window_start: number | string; value: string }>
  return new Map(rows.map((r) => [`${r.key}|${String(r.window_start)}`, JSON.parse(r.value) as unknown]))
}

async function startPlatform(t: Test, mode: { freshContainers: boolean; deliverTwice: boolean }, jobs: readonly string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-jobs-'))
  const holder: { platform?: LocalPlatform } = {}
  t.teardown(async () => {
    await holder.platform?.close()
    await rm(dir, { recursive: true, force: true })
  })
  const platform = await startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir: dir,
    logger: process.env.E2E_LOG ? consoleLogger : silentLogger,
    ...mode,
    jobs,
  })
  holder.platform = platform
  await waitFor('/health to answer 200', async () => (await fetch(`${platform.url}/health`)).status === 200, 60_000)
  return { platform, dir }
}
type Test = Parameters<Parameters<typeof t.test>[0]>[0]

for (const mode of [
  { name: 'normal', freshContainers: false, deliverTwice: false },
  { name: 'a fresh container per invocation', freshContainers: true, deliverTwice: false },
  { name: 'every invocation delivered twice', freshContainers: false, deliverTwice: true },
]) {
  t.test(`a job from SDP_JOBS: results over HTTP and in the lake equal the oracle (${mode.name})`, async (t) => {
    const normal = !mode.freshContainers && !mode.deliverTwice
    const { platform: p, dir } = await startPlatform(t, mode, normal ? [JOB_FILE, SESSIONS_FILE] : [JOB_FILE])
    const { events, expected } = workload(Date.now())
    await postEvents(p.url, events, 100)
    const http = async () => sorted(await results(p, JOB, CAMPAIGNS)) === sorted(expected)
    await waitFor('the job results to equal the oracle', http, 90_000).catch(async (error: unknown) =>
      t.fail(`${(error as Error).message}: got ${sorted(await results(p, JOB, CAMPAIGNS))}`),
    )
    t.ok(await http(), 'every (campaign, minute) exact over HTTP')
    // A read can meet a file that a redelivered batch is rewriting (the same name, the same rows): ask until it settles.
    const lake = async () => sorted(await lakeResults(dir)) === sorted(expected)
    const lakeExact = await waitFor('the lake table to equal the oracle', lake, 30_000).then(
      () => true,
      async (error: unknown) => t.fail(`${(error as Error).message}: got ${sorted(await lakeResults(dir))}`),
    )
    t.ok(lakeExact, 'parquet_job_adtech_max_win_price: the latest revision of every window exact')
    if (normal) await sessionJobAndApi(t, p)
  })
}

/** A session job beside the first (its results are emitted rows), the job consumers on /health, and the API's answers to bad requests. */
async function sessionJobAndApi(t: Test, p: LocalPlatform) {
  const nexmark = (await import(new URL('../../../../examples/nexmark/generateNexmarkEvents.ts', import.meta.url).href)) as {
    generateNexmarkEvents: (o: { seed: number; count: number; startTs: number }) => Array<{ type: string; bidder?: number; ts: number }>
  }
  const oracles = (await import(new URL('../../../../examples/nexmark/oracles.ts', import.meta.url).href)) as {
    q11Oracle: (events: readonly unknown[]) => Map<string, number>
  }
  // Bids a minute ahead of the platform's heartbeats (so none is late, however slow the machine),
  // each bidder on one shard (sessions are per shard); then a heartbeat past every session's end
  // on each bidder's shard closes them.
  const bids = nexmark.generateNexmarkEvents({ seed: 11, count: 80, startTs: Date.now() + 60_000 }).filter((e) => e.type === 'bid')
  const bidders = [...new Set(bids.map((b) => b.bidder as number))]
  const close = { type: 'heartbeat', ts: bids.at(-1)!.ts + 60_000 }
  await p.services.kinesis.send(
    new PutRecordsCommand({
      StreamName: p.streamName,
      Records: [
        ...bids.map((b) => ({ Data: Buffer.from(JSON.stringify(b)), PartitionKey: `bidder-${String(b.bidder)}` })),
        ...bidders.map((b) => ({ Data: Buffer.from(JSON.stringify(close)), PartitionKey: `bidder-${b}` })),
      ],
    }),
  )
  // A record no job can read: dead-lettered by every consumer, counted on /health.
  await p.services.kinesis.send(new PutRecordCommand({ StreamName: p.streamName, Data: Buffer.from('not json'), PartitionKey: 'bad' }))
  const expected = new Map([...oracles.q11Oracle(bids)].map(([k, n]) => [k.split('|').slice(0, 2).join('|'), n]))
  const sessions = async () => sorted(await results(p, SESSIONS, bidders)) === sorted(expected)
  await waitFor('the sessions to equal the oracle', sessions, 90_000).catch(async (error: unknown) =>
    t.fail(`${(error as Error).message}: got ${sorted(await results(p, SESSIONS, bidders))}`),
  )
  t.ok(await sessions(), 'every (bidder, session) exact: emitted rows stored as they are')

  const health = async () => ((await (await fetch(`${p.url}/health`)).json()) as Health).consumers[`job-${JOB}`]
  await waitFor('the dead letters on /health', async () => (await health())?.deadLetters === 1, 30_000)
  const job = (await health())!
  t.ok(job.records >= bids.length + 1, 'records counted once each, heartbeats included')
  t.equal(job.deadLetterRate, job.deadLetters / job.records)
  t.ok(((await (await fetch(`${p.url}/health`)).json()) as Health).consumers[`job-${JOB}-merge`], 'stage 2 is a consumer of its own')

  const body = async (path: string) => {
    const r = await fetch(`${p.url}${path}`)
    return [r.status, await r.json()] as const
  }
  t.same(await body(`/jobs/${JOB}/results?key=100&from=x&desc=maybe`), [
    400,
    {
      error: 'invalid request',
      errors: [
        { parameter: 'from', message: "must be a window start in epoch milliseconds (a non-negative integer), got 'x'" },
        { parameter: 'desc', message: "must be true or false, got 'maybe'" },
      ],
    },
  ])
  t.same(await body('/jobs/nope/results?key=1'), [404, { error: `no job named 'nope'; jobs running: ${JOB}, ${SESSIONS}` }])
  const [, newestFirst] = await body(`/jobs/${SESSIONS}/results?key=${bidders[0]!}&desc=true`)
  const starts = (newestFirst as Results).results.map((r) => r.windowStart)
  t.ok(starts.length > 0)
  t.same(
    starts,
    [...starts].sort((a, b) => b - a),
    'desc=true: newest window first',
  )
}
