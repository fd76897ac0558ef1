// The load tool end to end: against the in-process platform (the counts it expects are what the
// reports show), and against a small fake API that refuses or double-counts on purpose.
import t from 'tap'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { untilHealthy, withPlatform } from '../../src/harness/platform.js'
import { formatReport, parseLoadArgs, runLoad, type LoadOptions } from '../../src/load/index.js'

const options = (url: string, ...extra: string[]): LoadOptions => {
  const command = parseLoadArgs(['--url', url, '--verify-timeout', '60', ...extra])
  if (command.help) throw new Error('unexpected help')
  return command.options
}

t.test('against the local platform: a few hundred events, reports exact (PASS)', (t) =>
  withPlatform('load-test', { windowSeconds: 1, heartbeatIntervalMs: 300, pollIntervalMs: 100 }, async (platform) => {
    await untilHealthy(platform.url)

    const single = await runLoad(options(platform.url, '--rate', '150', '--duration', '2', '--campaigns', '4', '--seed', '11'), { pollMs: 250 })
    t.ok(single.pass, 'the run passes', { summary: formatReport(single) })
    t.equal(single.statuses['200'], single.requests, 'every request answered 200')
    t.equal(single.events.written, single.requests, 'one event per request')
    const sum = single.expected.reduce((n, c) => n + c.bids + c.imps + c.clicks, 0)
    t.equal(sum, single.events.written, 'the expected counts add up to the events written')
    t.equal(
      single.expected.reduce((n, c) => n + c.bids, 0),
      single.users,
      'one bid per user',
    )
    t.match(formatReport(single), /\nPASS: all \d+ campaign reports show exactly the expected counts/)

    const batched = await runLoad(
      options(platform.url, '--rate', '400', '--duration', '1', '--campaigns', '3', '--batch', '25', '--connections', '2', '--no-imp', '0', '--no-click', '0'),
      { pollMs: 250 },
    )
    t.ok(batched.pass, 'the run passes', { summary: formatReport(batched) })
    t.ok(batched.requests < batched.events.written, 'several events per POST /events')
    for (const c of batched.expected) t.ok(c.bids === c.imps && c.imps === c.clicks, 'with no-imp 0 and no-click 0 every transaction is complete')
  }),
)

/** A stand-in API: counts what it accepts, answers 429 to every `refuseEvery`-th request, may count clicks twice or answer slowly. */
async function fakeApi(behaviour: { refuseEvery: number; doubleClicks?: boolean; delayMs?: number }) {
  const counts = new Map<number, { bids: number; imps: number; clicks: number }>()
  const campaignOf = new Map<string, number>()
  let requests = 0
  const count = (e: { type?: string; tx_id: string; campaign_item_id?: number }, kind: 'bid' | 'imp' | 'click') => {
    if (kind === 'bid') campaignOf.set(e.tx_id, e.campaign_item_id ?? -1)
    const campaign = campaignOf.get(e.tx_id) ?? -1
    const c = counts.get(campaign) ?? { bids: 0, imps: 0, clicks: 0 }
    counts.set(campaign, c)
    if (kind === 'bid') c.bids++
    if (kind === 'imp') c.imps++
    if (kind === 'click') c.clicks += behaviour.doubleClicks ? 2 : 1
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () =>
      setTimeout(
        () => {
          const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
          const report = /^\/reports\/campaigns\/(\d+)$/.exec(req.url ?? '')
          if (req.method === 'GET' && report)
            return reply(200, { campaign_item_id: Number(report[1]), ...(counts.get(Number(report[1])) ?? { bids: 0, imps: 0, clicks: 0 }) })
          if (++requests % behaviour.refuseEvery === 0) return reply(429, { error: 'throttled', message: 'retry later' })
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as
            { tx_id: string; type?: string } | Array<{ tx_id: string; type: 'bid' | 'imp' | 'click' }>
          if (Array.isArray(body)) body.forEach((e) => count(e, e.type))
          else count(body, req.url === '/bid' ? 'bid' : req.url === '/impression' ? 'imp' : 'click')
          return reply(200, { ok: true })
        },
        req.method === 'POST' ? (behaviour.delayMs ?? 0) : 0,
      ),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) }
}

t.test('refused events are not expected, and the verdict still passes', async (t) => {
  const api = await fakeApi({ refuseEvery: 7 })
  t.teardown(() => api.close())
  const report = await runLoad(options(api.url, '--rate', '500', '--duration', '1', '--campaigns', '5'), { pollMs: 50 })
  t.ok(report.statuses['429']! > 0, 'some requests were refused')
  t.equal(report.events.refused, report.statuses['429'])
  t.ok(report.pass, 'the run passes', { summary: formatReport(report) })
  t.match(formatReport(report), /by status: 200 ×[\d,]+, 429 ×[\d,]+/)
})

t.test('a report that double-counts fails the run, naming the campaign', async (t) => {
  const api = await fakeApi({ refuseEvery: 1_000_000, doubleClicks: true })
  t.teardown(() => api.close())
  const report = await runLoad(
    options(api.url, '--rate', '300', '--duration', '1', '--campaigns', '2', '--no-imp', '0', '--no-click', '0', '--verify-timeout', '1'),
    { pollMs: 200 },
  )
  t.notOk(report.pass)
  t.equal(report.verification?.mismatchCount, 2)
  t.match(formatReport(report), /\nFAIL: 2 of 2 campaign reports differ/)
})

t.test('an API slower than the offered load leaves events unsent, and says so', async (t) => {
  const api = await fakeApi({ refuseEvery: 1_000_000, delayMs: 20 })
  t.teardown(() => api.close())
  const report = await runLoad(options(api.url, '--rate', '1000', '--duration', '1', '--connections', '1', '--drain', '0', '--no-verify'))
  t.ok(report.events.unsent > 0, `${report.events.unsent} never sent`)
  t.notOk(report.pass, 'without verification, unsent events fail the run')
  t.match(formatReport(report), /still waiting 0 s after the last user started/)
})
