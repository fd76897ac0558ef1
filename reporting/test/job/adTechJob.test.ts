import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { planWindowInvocation, runWindowInvocation, InMemoryStateBackend, type KinesisWindowEvent, type PartialAccumulator } from '@sdp/aggregation-engine'
import { adTechJob } from '../../src/job/adTechJob.js'
import { DEFAULT_REPORTING_CONFIG, type ReportingConfig } from '../../src/config.js'

const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`

function windowEvent(
  shardId: string,
  records: Array<{ n: number; value: unknown; partitionKey?: string }>,
  state: Record<string, unknown>,
  final: boolean,
): KinesisWindowEvent {
  return {
    Records: records.map((r) => ({
      kinesis: {
        partitionKey: r.partitionKey ?? (r.value as { tx_id?: string }).tx_id ?? 'p',
        sequenceNumber: seq(r.n),
        data: Buffer.from(JSON.stringify(r.value)).toString('base64'),
        approximateArrivalTimestamp: 1_795_831_442 + r.n / 1000,
      },
    })),
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
    state,
    shardId,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  }
}

function invoke(job: ReturnType<typeof adTechJob>, backend: InMemoryStateBackend, event: KinesisWindowEvent, budget?: number) {
  const plan = planWindowInvocation(event, job)
  const result = runWindowInvocation(
    event,
    job,
    backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber),
    budget ? { stateBudgetBytes: budget } : {},
  )
  backend.write(result.segment)
  return result
}

const sumPartials = (partials: Iterable<PartialAccumulator>) => {
  const out = new Map<string, [number, number, number]>()
  for (const p of partials) {
    const k = `${p.key}|${p.window.start}`
    const acc = out.get(k) ?? [0, 0, 0]
    const a = p.accumulator as number[]
    out.set(k, [acc[0] + a[0]!, acc[1] + a[1]!, acc[2] + a[2]!])
  }
  return out
}

t.test('the fixture: bid, click before impression, and a non-JSON record', async (t) => {
  const job = adTechJob(DEFAULT_REPORTING_CONFIG)
  const fixture = JSON.parse(readFileSync(new URL('../../../test-support/fixtures/kinesis-tumbling-window-event.json', import.meta.url), 'utf8'))
  const backend = new InMemoryStateBackend()
  const first = invoke(job, backend, fixture)
  t.equal(first.deadLetters.length, 1)
  t.match(first.deadLetters[0]?.reason, /^not JSON/)
  const finalFixture = JSON.parse(readFileSync(new URL('../../../test-support/fixtures/kinesis-tumbling-window-final-event.json', import.meta.url), 'utf8'))
  const final = invoke(job, backend, { ...finalFixture, state: first.response.state })
  t.same([...sumPartials(final.partials)], [[`1463517|${Math.floor(1795831442000 / 60000) * 60000}`, [1, 1, 1]]])
})

t.test('an event whose partition key is not its tx_id is dead-lettered and changes nothing', async (t) => {
  const job = adTechJob(DEFAULT_REPORTING_CONFIG)
  const backend = new InMemoryStateBackend()
  const ts = 1_795_831_442_000
  const r = invoke(
    job,
    backend,
    windowEvent(
      'shardId-000000000000',
      [{ n: 1, value: { type: 'bid', tx_id: 't1', app_uid: 'a', campaign_item_id: 7, ts }, partitionKey: 'not-t1' }],
      {},
      true,
    ),
  )
  t.same(
    r.deadLetters.map((d) => [d.partitionKey, d.reason]),
    [['not-t1', 'partition key "not-t1" is not the tx_id "t1": producers must use the tx_id as partition key']],
  )
  t.same(r.partials, [], 'nothing counted')
  t.same([...(r.segment?.entries.keys() ?? [])], ['\u0000carry'], 'no join entry written')
})

t.test('events beyond the allowed lateness go to the late side output, not the counts', async (t) => {
  const config: ReportingConfig = { ...DEFAULT_REPORTING_CONFIG, allowedLatenessMs: 60_000 }
  const job = adTechJob(config)
  const backend = new InMemoryStateBackend()
  const bid = (tx: string, ts: number) => ({ type: 'bid', tx_id: tx, app_uid: 'u', campaign_item_id: 9, ts })
  const r = invoke(
    job,
    backend,
    windowEvent(
      's',
      [
        { n: 1, value: bid('new', 10 * 60_000) },
        { n: 2, value: bid('old', 60_000) },
      ],
      {},
      true,
    ),
  )
  t.same(
    r.late.map((e) => (e.type === 'location' ? e.app_uid : e.tx_id)),
    ['old'],
  )
  t.same([...sumPartials(r.partials)], [['9|600000', [1, 0, 0]]])
})

t.test('a heartbeat moves time but is never counted', async (t) => {
  const job = adTechJob(DEFAULT_REPORTING_CONFIG)
  const r = invoke(job, new InMemoryStateBackend(), windowEvent('s', [{ n: 1, value: { type: 'heartbeat', ts: 5_000_000, shard_id: 's' } }], {}, true))
  t.same(r.partials, [])
  t.equal(r.counters.heartbeats, 1)
  t.ok((r.segment?.entries.get('\u0000carry') as number) > 4_000_000)
})

/**
 * Random transactions over several shards, split into Lambda windows and batches at random, with
 * retried (whole or bisected) and doubled invocations and a small state budget: the stored
 * partials equal a brute-force per-campaign, per-period count over the distinct events.
 */
t.test('counts equal the brute-force reference whatever the batching, order and retries', async () => {
  const config = { ...DEFAULT_REPORTING_CONFIG, bidTimeoutMs: 120_000, clickTimeoutMs: 120_000 }
  const txArb = fc.record({
    campaign: fc.integer({ min: 1, max: 4 }),
    bidTs: fc.integer({ min: 300_000, max: 900_000 }),
    imp: fc.option(fc.integer({ min: -150_000, max: 150_000 }), { nil: undefined }),
    click: fc.option(fc.integer({ min: -150_000, max: 150_000 }), { nil: undefined }),
    hasBid: fc.boolean(),
    copies: fc.integer({ min: 1, max: 2 }),
  })
  fc.assert(
    fc.property(
      fc.array(txArb, { minLength: 1, maxLength: 25 }),
      fc.array(fc.nat(), { minLength: 120, maxLength: 120 }),
      fc.constantFrom(2, 1_000_000),
      (txs, noise, budget) => {
        const job = adTechJob(config)
        const want = new Map<string, [number, number, number]>()
        const bump = (campaign: number, ts: number, i: 0 | 1 | 2) => {
          const k = `${campaign}|${Math.floor(ts / 60_000) * 60_000}`
          const v = want.get(k) ?? [0, 0, 0]
          v[i]++
          want.set(k, v)
        }
        const shards: Array<Array<{ value: unknown; r: number }>> = [[], [], []]
        let r = 0
        txs.forEach((tx, i) => {
          const id = `tx-${i}`
          const events: unknown[] = []
          const impTs = tx.imp === undefined ? undefined : tx.bidTs + tx.imp
          const clickTs = tx.click === undefined || impTs === undefined ? undefined : impTs + tx.click
          if (tx.hasBid) events.push({ type: 'bid', tx_id: id, app_uid: 'a', campaign_item_id: tx.campaign, ts: tx.bidTs })
          if (impTs !== undefined) events.push({ type: 'imp', tx_id: id, win_price: 1, ts: impTs })
          if (clickTs !== undefined) events.push({ type: 'click', tx_id: id, ts: clickTs })
          if (tx.hasBid) {
            bump(tx.campaign, tx.bidTs, 0)
            if (impTs !== undefined && Math.abs(impTs - tx.bidTs) <= config.bidTimeoutMs) {
              bump(tx.campaign, impTs, 1)
              if (clickTs !== undefined && Math.abs(clickTs - impTs) <= config.clickTimeoutMs) bump(tx.campaign, clickTs, 2)
            }
          }
          const shard = shards[i % 3]!
          for (let c = 0; c < tx.copies; c++) for (const value of events) shard.push({ value, r: noise[r++ % noise.length]! })
        })
        const stored = new Map<string, PartialAccumulator>()
        shards.forEach((records, s) => {
          const shardId = `shardId-00000000000${s}`
          const backend = new InMemoryStateBackend()
          records.sort((a, b) => a.r - b.r) // any arrival order
          let n = 0
          let state: Record<string, unknown> = {}
          let batch: Array<{ n: number; value: unknown }> = []
          const run = (recs: typeof batch, final: boolean) => {
            const out = invoke(job, backend, windowEvent(shardId, recs, state, final), budget)
            for (const p of out.partials) stored.set(`${p.id}|${p.key}|${p.window.start}`, p)
            return out.response.state
          }
          const flush = (final: boolean) => {
            const fault = noise[n % noise.length]! % 4
            if (fault === 0) run(batch, final) // failed after writing; retried as is
            if (fault === 1 && batch.length > 1) {
              run(batch, final) // failed after writing; bisected
              const half = Math.ceil(batch.length / 2)
              state = run(batch.slice(0, half), false)
              state = run(batch.slice(half), final)
            } else state = run(batch, final)
            batch = []
            if (final) state = {}
          }
          for (const rec of records) {
            batch.push({ n: ++n, value: rec.value })
            const cut = noise[n % noise.length]! % 7
            if (cut === 0) flush(false)
            else if (cut === 1) flush(true)
          }
          flush(true)
        })
        const got = sumPartials(stored.values())
        for (const [k, v] of got) if (v[0] + v[1] + v[2] === 0) got.delete(k)
        return JSON.stringify([...got].sort()) === JSON.stringify([...want].sort())
      },
    ),
    { numRuns: 200 },
  )
})
