// A user job end to end: SDP_JOBS-style job file → its own consumer on the event stream → the job
// results table → GET /jobs/{name}/results, checked against a brute-force answer, in the normal
// and the deliver-twice mode of the event-source mapping.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PutRecordCommand } from '@aws-sdk/client-kinesis'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { consoleLogger, silentLogger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { postEvents, waitFor } from '../_support/harness.js'

/** What `/health` says of each consumer. */
type Health = { consumers: Record<string, { records: number; deadLetters: number; deadLetterRate: number }> }

const JOB_FILE = fileURLToPath(new URL('../../../../examples/adtech/maxWinPrice.ts', import.meta.url))
const JOB = 'adtech-max-win-price'

/** Bids of 4 campaigns over ~3 minutes from now, most with an impression 0.1–2 s later. */
function workload(now: number) {
  const events: Array<Record<string, unknown>> = []
  const expected = new Map<string, number>() // `<campaign>|<window start>` → max win price
  for (let i = 0; i < 240; i++) {
    const ts = now + i * 750
    const campaign = 100 + (i % 4)
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

async function results(platform: LocalPlatform, campaigns: readonly number[]) {
  const got = new Map<string, unknown>()
  for (const c of campaigns) {
    const body = (await (await fetch(`${platform.url}/jobs/${JOB}/results?key=${c}`)).json()) as {
      results: Array<{ key: number; windowStart: number; windowEnd: number; value: unknown }>
    }
    for (const r of body.results) got.set(`${r.key}|${r.windowStart}`, r.value)
  }
  return got
}

for (const mode of [
  { name: 'normal', deliverTwice: false },
  { name: 'every invocation delivered twice', deliverTwice: true },
]) {
  t.test(`a job from SDP_JOBS: results over HTTP equal the oracle (${mode.name})`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'sdp-jobs-'))
    let platform: LocalPlatform | undefined
    t.teardown(async () => {
      await platform?.close()
      await rm(dir, { recursive: true, force: true })
    })
    platform = await startSdpPlatform({
      port: 0,
      dataDir: dir,
      windowSeconds: 1,
      heartbeatIntervalMs: 300,
      pollIntervalMs: 100,
      compactionIntervalMs: 0,
      logger: process.env.E2E_LOG ? consoleLogger : silentLogger,
      deliverTwice: mode.deliverTwice,
      jobs: [JOB_FILE],
    })
    const p = platform
    await waitFor('/health to answer 200', async () => (await fetch(`${p.url}/health`)).status === 200, 60_000)
    const { events, expected } = workload(Date.now())
    await postEvents(p.url, events, 100)
    // A record no job can read: dead-lettered by every consumer, counted on /health.
    await p.services.kinesis.send(new PutRecordCommand({ StreamName: p.streamName, Data: Buffer.from('not json'), PartitionKey: 'bad' }))

    const same = async () => JSON.stringify([...(await results(p, [100, 101, 102, 103]))].sort()) === JSON.stringify([...expected].sort())
    await waitFor('the job results to equal the oracle', same, 90_000).catch(async (error: unknown) =>
      t.fail(`${(error as Error).message}: got ${JSON.stringify([...(await results(p, [100]))])}`),
    )
    t.ok(await same(), 'every (campaign, minute) exact')

    await waitFor(
      'the dead letter on /health',
      async () => {
        const h = (await (await fetch(`${p.url}/health`)).json()) as Health
        return h.consumers[`job-${JOB}`]?.deadLetters === 1
      },
      30_000,
    )
    const job = ((await (await fetch(`${p.url}/health`)).json()) as Health).consumers[`job-${JOB}`]!
    t.ok(job.records >= events.length, 'records counted once each, heartbeats included')
    t.equal(job.deadLetterRate, job.deadLetters / job.records)

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
    t.same(await body('/jobs/nope/results?key=1'), [404, { error: `no job named 'nope'; jobs running: ${JOB}` }])
    const [, newestFirst] = await body(`/jobs/${JOB}/results?key=100&desc=true`)
    const starts = (newestFirst as { results: Array<{ windowStart: number }> }).results.map((r) => r.windowStart)
    t.same(
      starts,
      [...starts].sort((a, b) => b - a),
      'desc=true: newest window first',
    )
  })
}
