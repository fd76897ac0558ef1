import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { runSmokeTest } from '../lib/client/smokeTest.js'

/** A stand-in platform: counts the events it accepts and reports them after a few polls. */
async function fakePlatform(t: Test, options: { rejectRoute?: string; prediction?: number } = {}) {
  const seen: string[] = []
  let polls = 0
  const counts = { bids: 0, imps: 0, clicks: 0 }
  const read = async (req: IncomingMessage) => {
    let body = ''
    for await (const chunk of req) body += String(chunk)
    return body
  }
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await read(req)
    seen.push(`${req.method} ${req.url}`)
    const reply = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    const route = req.url?.slice(1) ?? ''
    if (req.method === 'POST' && route === options.rejectRoute) return reply(400, { errors: [{ field: 'tx_id' }] })
    if (req.method === 'POST' && ['bid', 'click', 'impression'].includes(route)) {
      JSON.parse(body)
      counts[route === 'bid' ? 'bids' : route === 'click' ? 'clicks' : 'imps'] += 1
      return reply(200, { ok: true })
    }
    if (req.method === 'GET' && req.url?.startsWith('/reports/campaigns/')) {
      polls += 1
      return reply(200, polls < 3 ? { bids: 0, imps: 0, clicks: 0 } : counts)
    }
    if (req.method === 'POST' && route === 'predictions') return reply(options.prediction ?? 200, { predictions: [{ score: 0.5, predicted_label: 1 }] })
    return reply(404, {})
  }
  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen }
}

t.test('sends the README flow and polls the report until it shows the transaction', async (t) => {
  const platform = await fakePlatform(t)
  const result = await runSmokeTest({ api: platform.url, pollMs: 5, seed: 42 })
  t.match(result, { campaignItemId: 900_000_042, report: { bids: 1, imps: 1, clicks: 1 }, prediction: 'ok' })
  t.same(platform.seen.slice(0, 3), ['POST /bid', 'POST /click', 'POST /impression'], 'the click before the impression')
  t.equal(platform.seen.filter((s) => s.startsWith('GET')).length, 3, 'polled until the counts appeared')
  t.equal(platform.seen.at(-1), 'POST /predictions')
})

t.test('a model not trained yet (503) still passes; a rejected event fails naming the route', async (t) => {
  t.match(await runSmokeTest({ api: (await fakePlatform(t, { prediction: 503 })).url, pollMs: 5 }), { prediction: 'no-model' })
  await t.rejects(runSmokeTest({ api: (await fakePlatform(t, { rejectRoute: 'click' })).url, pollMs: 5 }), /POST \/click answered 400/)
})

t.test('API Gateway URLs need credentials', async (t) => {
  await t.rejects(runSmokeTest({ api: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/' }), /AWS credentials are needed/)
})
