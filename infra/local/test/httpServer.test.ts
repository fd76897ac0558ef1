import type { APIGatewayProxyEvent } from 'aws-lambda'
import t, { type Test } from 'tap'
import { startHttpServer, type RouteDefinition } from '../src/httpServer.js'
import type { EventStreamRouteDefinition } from '../src/eventStream.js'
import { silentLogger } from '../src/logger.js'
import { waitFor } from './_support/harness.js'

const echo: RouteDefinition['handler'] = async (event) => ({
  statusCode: 200,
  headers: { 'x-echo': 'yes' },
  multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
  body: JSON.stringify(event),
})

async function server(t: Test, routes: Array<RouteDefinition | EventStreamRouteDefinition>, isReady = () => true, bodyLimitBytes?: number) {
  const s = await startHttpServer({
    port: 0,
    routes,
    isReady,
    logger: silentLogger,
    ...(bodyLimitBytes === undefined ? {} : { bodyLimitBytes }),
  })
  t.teardown(() => s.close())
  return s
}

t.test('translates a request into an API Gateway proxy event and the result back', async (t) => {
  const s = await server(t, [{ method: 'GET', resource: '/reports/campaigns/{campaign_item_id}/period', handler: echo }])
  t.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  const response = await fetch(`${s.url}/reports/campaigns/1463517/period?period=HOURS&timezone=America%2FNew_York&tag=a&tag=b`, {
    headers: { 'X-Custom-Header': 'One', Accept: 'application/json' },
  })
  t.equal(response.status, 200)
  t.equal(response.headers.get('x-echo'), 'yes', 'single-value headers')
  t.same(response.headers.getSetCookie(), ['a=1', 'b=2'], 'multi-value headers')
  t.match(response.headers.get('content-type'), /application\/json/, 'JSON by default, as API Gateway')
  const event = (await response.json()) as APIGatewayProxyEvent
  t.match(event, {
    resource: '/reports/campaigns/{campaign_item_id}/period',
    path: '/reports/campaigns/1463517/period',
    httpMethod: 'GET',
    pathParameters: { campaign_item_id: '1463517' },
    queryStringParameters: { period: 'HOURS', timezone: 'America/New_York', tag: 'b' },
    multiValueQueryStringParameters: { period: ['HOURS'], timezone: ['America/New_York'], tag: ['a', 'b'] },
    headers: { 'X-Custom-Header': 'One', Accept: 'application/json' },
    multiValueHeaders: { 'X-Custom-Header': ['One'] },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      stage: 'local',
      httpMethod: 'GET',
      resourcePath: '/reports/campaigns/{campaign_item_id}/period',
      requestId: String,
      requestTimeEpoch: Number,
      identity: { sourceIp: '127.0.0.1' },
    },
  })
})

t.test('passes any body through raw, whatever its content type', async (t) => {
  const bodies: Array<string | null> = []
  const s = await server(t, [
    {
      method: 'POST',
      resource: '/bid',
      handler: async (event) => {
        bodies.push(event.body)
        return { statusCode: 200, body: '{"ok":true}' }
      },
    },
  ])
  const sent = [
    { body: '{"tx_id": "a",', type: 'application/json' },
    { body: '{"type":"bid"}\n{"type":"imp"}\n', type: 'application/x-ndjson' },
    { body: 'plain text', type: 'text/plain' },
    { body: 'bytes', type: 'application/octet-stream' },
    { body: '{"no":"type"}', type: undefined },
  ]
  for (const { body, type } of sent) {
    const response = await fetch(`${s.url}/bid`, {
      method: 'POST',
      body,
      ...(type === undefined ? {} : { headers: { 'content-type': type } }),
    })
    t.equal(response.status, 200, `${type ?? 'no content type'} accepted`)
  }
  t.same(
    bodies,
    sent.map((b) => b.body),
    'raw bodies, not parsed',
  )
})

t.test('the handler answers 413 itself below the server body limit; beyond it the server does', async (t) => {
  const s = await server(
    t,
    [
      {
        method: 'POST',
        resource: '/events',
        handler: async (event) => ((event.body ?? '').length > 100 ? { statusCode: 413, body: '{"message":"too large"}' } : { statusCode: 200, body: '{}' }),
      },
    ],
    () => true,
    1_000,
  )
  const mid = await fetch(`${s.url}/events`, { method: 'POST', body: 'x'.repeat(500), headers: { 'content-type': 'application/json' } })
  t.equal(mid.status, 413)
  t.same(await mid.json(), { message: 'too large' }, "the handler's own 413")
  const huge = await fetch(`${s.url}/events`, { method: 'POST', body: 'x'.repeat(5_000), headers: { 'content-type': 'application/json' } })
  t.equal(huge.status, 413, 'the server refuses bodies over its limit')
})

t.test('a throwing or malformed handler gives 502; unknown routes 404 JSON; base64 results are decoded', async (t) => {
  const s = await server(t, [
    {
      method: 'GET',
      resource: '/boom',
      handler: async () => {
        throw new Error('boom')
      },
    },
    { method: 'GET', resource: '/bad', handler: async () => ({ body: 'no status' }) as never },
    {
      method: 'GET',
      resource: '/bin',
      handler: async () => ({
        statusCode: 201,
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([1, 2, 3]).toString('base64'),
        isBase64Encoded: true,
      }),
    },
    { method: 'GET', resource: '/files/{path+}', handler: echo },
  ])
  const boom = await fetch(`${s.url}/boom`)
  t.equal(boom.status, 502)
  t.same(await boom.json(), { message: 'Internal server error' })
  t.equal((await fetch(`${s.url}/bad`)).status, 502)
  const bin = await fetch(`${s.url}/bin`)
  t.equal(bin.status, 201)
  t.same([...new Uint8Array(await bin.arrayBuffer())], [1, 2, 3])
  const missing = await fetch(`${s.url}/nope?x=1`)
  t.equal(missing.status, 404)
  t.match(await missing.json(), { message: /No route for GET \/nope/ })
  t.equal((await fetch(`${s.url}/boom`, { method: 'POST' })).status, 404, 'wrong method is unknown too')
  const greedy = (await (await fetch(`${s.url}/files/a/b/c.txt`)).json()) as APIGatewayProxyEvent
  t.same(greedy.pathParameters, { path: 'a/b/c.txt' }, 'greedy path parameter')
})

t.test('/health is 503 until ready, then 200', async (t) => {
  let ready = false
  const s = await server(t, [], () => ready)
  const before = await fetch(`${s.url}/health`)
  t.equal(before.status, 503)
  t.match(await before.json(), { status: 'starting' })
  ready = true
  const after = await fetch(`${s.url}/health`)
  t.equal(after.status, 200)
  t.match(await after.json(), { status: 'ok' })
})

t.test('rejects malformed resource templates', async (t) => {
  await t.rejects(
    startHttpServer({ port: 0, isReady: () => true, logger: silentLogger, routes: [{ method: 'GET', resource: 'x', handler: echo }] }),
    /must start with/,
  )
  await t.rejects(
    startHttpServer({ port: 0, isReady: () => true, logger: silentLogger, routes: [{ method: 'GET', resource: '/{a+}/b', handler: echo }] }),
    /greedy/,
  )
})

t.test('an event-stream route refuses with a proxy answer, or sends events until it returns', async (t) => {
  let stopped = 0
  const s = await server(t, [
    {
      method: 'POST',
      resource: '/stream/{mode}',
      open: async (event) => {
        const mode = event.pathParameters?.mode
        if (mode === 'refuse') return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"error":"no"}' }
        if (mode === 'broken') throw new Error('open failed')
        return async (send, signal) => {
          send({ event: 'first', data: { body: event.body } })
          if (mode === 'throw') throw new Error('stream failed')
          if (mode === 'hold') await new Promise((resolve) => signal.addEventListener('abort', resolve))
          stopped++
        }
      },
    },
  ])
  const post = (mode: string, signal?: AbortSignal) => fetch(`${s.url}/stream/${mode}`, { method: 'POST', body: 'hi', ...(signal ? { signal } : {}) })

  const refused = await post('refuse')
  t.same([refused.status, await refused.text()], [400, '{"error":"no"}'], 'refused before anything is sent')
  t.equal((await post('broken')).status, 502, 'an open that throws is a 502')

  const done = await post('done')
  t.equal(done.headers.get('content-type'), 'text/event-stream; charset=utf-8')
  t.equal(await done.text(), 'event: first\ndata: {"body":"hi"}\n\n', 'events, then the end')
  t.equal(
    await (await post('throw')).text(),
    'event: first\ndata: {"body":"hi"}\n\nevent: error\ndata: {"message":"Internal server error"}\n\n',
    'a stream that throws ends with an error event',
  )

  const client = new AbortController()
  const held = await post('hold', client.signal)
  t.equal(held.status, 200)
  client.abort()
  await waitFor('the stream to stop', () => stopped === 2)
  t.pass('the client going away stops the stream')
})
