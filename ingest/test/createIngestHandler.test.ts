import t from 'tap'
import { createIngestHandler, type IngestHandlerOptions } from '../src/createIngestHandler.js'
import { IngestError } from '../src/errors.js'
import { createLogger } from '@sdp/service-kit'
import type { IngestResponse } from '../src/types.js'
import { apiEvent, fixture, readmeBid, type RequestShape } from './_helpers/apiEvent.js'
import { FakeKinesis } from './_helpers/fakeKinesis.js'
import { localClient, startKinesalite } from '../../test-support/localKinesis.js'

const NOW = 1_795_831_442_000
const local = await startKinesalite()
t.teardown(() => local.close())

const logged: { level: string; message: string; details: Record<string, unknown> }[] = []
// the Powertools line, split back into its level, message and the fields ingest added
const logger = createLogger({
  serviceName: 'ingest',
  sink: ({ level, message, timestamp: _t, service: _s, ...details }) => logged.push({ level: String(level).toLowerCase(), message: String(message), details }),
})

function handlerFor(streamName: string, options: Partial<IngestHandlerOptions> = {}) {
  return createIngestHandler({ kinesis: local.client, streamName, now: () => NOW, logger, ...options })
}

const body = (response: IngestResponse) => JSON.parse(response.body) as Record<string, unknown>

// Every refusal goes through one stream, which must stay empty.
const refusedStream = await local.createStream()
const refusing = handlerFor(refusedStream, { maxBodyBytes: 4096 })

type Test = Pick<typeof t, 'equal' | 'match' | 'same'>

async function refused(t: Test, shape: RequestShape, status: number, expected: Record<string, unknown>) {
  const response = await refusing(apiEvent(shape))
  t.equal(response.statusCode, status, `answers ${status}`)
  t.equal(response.headers['content-type'], 'application/json')
  t.match(body(response), expected)
  t.same(await local.readStream(refusedStream), [], 'nothing reached the stream')
  return response
}

t.test('refuses at the door and writes nothing', async (t) => {
  t.test('an unknown route: 404', async (t) => {
    await refused(t, { path: '/bids' }, 404, { error: 'not found', message: /POST \/bid/ })
  })

  t.test('a method other than POST: 405 with Allow', async (t) => {
    const response = await refused(t, { method: 'GET' }, 405, { error: 'method not allowed' })
    t.equal(response.headers.allow, 'POST')
  })

  t.test('a content type other than JSON: 415', async (t) => {
    await refused(t, { contentType: 'text/plain' }, 415, { error: 'unsupported media type', message: /application\/json/ })
    await refused(t, { contentType: null }, 415, { error: 'unsupported media type' })
    await refused(t, { contentType: 'application/json; charset=iso-8859-1' }, 415, { error: 'unsupported media type' })
    await refused(t, { contentType: 'application/x-ndjson' }, 415, { message: 'Content-Type must be application/json (UTF-8)' })
  })

  t.test('an empty body: 400', async (t) => {
    await refused(t, { body: '' }, 400, { error: 'empty body' })
    await refused(t, { body: ' \n ' }, 400, { error: 'empty body' })
    await refused(t, { body: '', path: '/events' }, 400, { error: 'empty body' })
  })

  t.test('a body over maxBodyBytes: 413, also when base64-encoded', async (t) => {
    const big = { ...readmeBid, domain: 'x'.repeat(5000) }
    await refused(t, { body: big }, 413, { error: 'body too large', message: /at most 4096/ })
    await refused(t, { body: big, base64: true }, 413, { error: 'body too large' })
  })

  t.test('malformed JSON: 400 naming the line and column', async (t) => {
    await refused(t, { body: '{"tx_id": "a",}' }, 400, {
      error: 'malformed JSON',
      message: `unexpected character "}": a property name in double quotes is expected at line 1, column 15`,
      line: 1,
      column: 15,
    })
    await refused(t, { body: '{"tx_id":\n  x}' }, 400, { line: 2, column: 3 })
    await refused(t, { body: '{"tx_id": "a"' }, 400, { message: /end of input.* at line 1, column 14/ })
    const ndjson = `${JSON.stringify({ ...readmeBid, type: 'bid' })}\n{"type": "click", tx_id: 1}\n`
    await refused(t, { path: '/events', body: ndjson, contentType: 'application/x-ndjson' }, 400, {
      error: 'malformed JSON',
      line: 2,
      column: 19,
    })
  })

  t.test('a base64 body that is not UTF-8: 400', async (t) => {
    const event = apiEvent()
    const response = await refusing({ ...event, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), isBase64Encoded: true })
    t.equal(response.statusCode, 400)
    t.match(body(response), { error: 'invalid encoding' })
    t.same(await local.readStream(refusedStream), [])
  })

  t.test('bad fields: 400 naming every one and why', async (t) => {
    await refused(t, { body: { tx_id: '', campaign_item_id: 1.5, domain: 7, ts: 'now' } }, 400, {
      error: 'invalid event',
      errors: [
        { field: 'tx_id', message: 'must not be empty' },
        { field: 'app_uid', message: 'is required' },
        { field: 'campaign_item_id', message: 'must be an integer' },
        { field: 'domain', message: 'must be a string' },
        { field: 'ts', message: 'must be an integer (epoch milliseconds)' },
      ],
    })
    await refused(t, { path: '/impression', body: { tx_id: 'x'.repeat(257), win_price: 0.5 } }, 400, {
      errors: [
        { field: 'tx_id', message: /at most 256 characters/ },
        { field: 'win_price', message: 'must be an integer' },
      ],
    })
    await refused(t, { path: '/click', body: [{ tx_id: 't1' }] }, 400, { errors: [{ field: '$', message: 'must be a JSON object' }] })
    await refused(t, { path: '/click', body: 'null' }, 400, { errors: [{ field: '$' }] })
  })

  t.test('a body type that contradicts the route: 400', async (t) => {
    await refused(t, { path: '/click', body: { type: 'imp', tx_id: 't1', win_price: 1 } }, 400, {
      error: 'invalid event',
      errors: [{ field: 'type', message: 'must be "click"' }],
    })
  })

  t.test('a ts more than 5 minutes ahead of the clock: 400', async (t) => {
    await refused(t, { path: '/click', body: { tx_id: 't1', ts: NOW + 5 * 60_000 + 1 } }, 400, {
      errors: [{ field: 'ts', message: /5 minutes ahead/ }],
    })
  })

  t.test('/events: not an array, empty, too many, or any bad item (with its index): nothing is written', async (t) => {
    await refused(t, { path: '/events', body: { type: 'click', tx_id: 't1' } }, 400, { error: 'invalid request' })
    await refused(t, { path: '/events', body: [] }, 400, { error: 'empty batch' })
    const many = Array.from({ length: 501 }, (_, i) => ({ type: 'click', tx_id: `t${i}` }))
    const roomy = handlerFor(refusedStream)
    const response = await roomy(apiEvent({ path: '/events', body: many }))
    t.equal(response.statusCode, 413)
    t.match(body(response), { error: 'too many events', message: /at most 500/ })
    await refused(
      t,
      {
        path: '/events',
        body: [
          { type: 'click', tx_id: 'ok' },
          { tx_id: 't1' },
          { type: 'imp', tx_id: 't2', win_price: '1' },
          { type: 'click', tx_id: 't3', ts: NOW + 3_600_000 },
        ],
      },
      400,
      {
        error: 'invalid events',
        errors: [
          { index: 1, errors: [{ field: 'type', message: 'is required (one of "bid", "imp", "click", "location")' }] },
          { index: 2, errors: [{ field: 'win_price', message: 'must be an integer' }] },
          { index: 3, errors: [{ field: 'ts', message: /5 minutes ahead/ }] },
        ],
      },
    )
    await refused(t, { path: '/events', body: ['bid'] }, 400, { errors: [{ index: 0, errors: [{ field: '$' }] }] })
  })

  t.test('an event too big for one Kinesis record: 413', async (t) => {
    const roomy = handlerFor(refusedStream, { maxBodyBytes: 2 * 1024 * 1024 })
    const response = await roomy(apiEvent({ body: { ...readmeBid, domain: 'x'.repeat(1024 * 1024) } }))
    t.equal(response.statusCode, 413)
    t.match(body(response), { error: 'event too large' })
    t.same(await local.readStream(refusedStream), [])
  })
})

t.test('writes the fixture bid keyed by tx_id, with type and ts stamped, and acks it', async (t) => {
  const stream = await local.createStream()
  const response = await handlerFor(stream)(fixture)
  t.equal(response.statusCode, 200)
  t.same(body(response), { ok: true, type: 'bid', tx_id: readmeBid.tx_id, ts: NOW })
  const records = await local.readStream(stream)
  t.equal(records.length, 1)
  t.equal(records[0]?.partitionKey, readmeBid.tx_id)
  t.same(records[0]?.data, { ...readmeBid, type: 'bid', ts: NOW })
})

t.test('accepts base64 bodies, a charset parameter, a ts up to 5 minutes ahead, and strips unknown fields', async (t) => {
  const stream = await local.createStream()
  const handler = handlerFor(stream)
  const ok = async (shape: RequestShape) => t.equal((await handler(apiEvent(shape))).statusCode, 200, JSON.stringify(shape))
  await ok({ path: '/click', body: { tx_id: 'b64' }, base64: true })
  await ok({ path: '/click', body: { tx_id: 'charset' }, contentType: 'Application/JSON; charset="UTF-8"' })
  await ok({ path: '/click', body: { tx_id: 'future', ts: NOW + 5 * 60_000 } })
  await ok({ path: '/impression/', body: { tx_id: 'extra', win_price: 3, referrer: 'x' } })
  const data = (await local.readStream(stream)).map((r) => r.data)
  t.same(
    data.sort((a, b) => (a as { tx_id: string }).tx_id.localeCompare((b as { tx_id: string }).tx_id)),
    [
      { type: 'click', tx_id: 'b64', ts: NOW },
      { type: 'click', tx_id: 'charset', ts: NOW },
      { type: 'imp', tx_id: 'extra', win_price: 3, ts: NOW },
      { type: 'click', tx_id: 'future', ts: NOW + 5 * 60_000 },
    ],
  )
})

t.test('/events writes a mixed batch, JSON array or NDJSON, and acks every item in order', async (t) => {
  const stream = await local.createStream()
  const handler = handlerFor(stream)
  const batch = [
    { ...readmeBid, type: 'bid' },
    { type: 'imp', tx_id: readmeBid.tx_id, win_price: 1, ts: NOW - 1000 },
    { type: 'click', tx_id: readmeBid.tx_id },
    ...Array.from({ length: 20 }, (_, i) => ({ type: 'click', tx_id: `tx-${i}`, ts: NOW - i })),
  ]
  const asArray = await handler(apiEvent({ path: '/events', body: batch }))
  t.equal(asArray.statusCode, 200)
  const acks = (body(asArray).items as { type: string; tx_id: string; ts: number }[]) ?? []
  t.same(acks.slice(0, 3), [
    { type: 'bid', tx_id: readmeBid.tx_id, ts: NOW },
    { type: 'imp', tx_id: readmeBid.tx_id, ts: NOW - 1000 },
    { type: 'click', tx_id: readmeBid.tx_id, ts: NOW },
  ])
  t.equal(acks.length, batch.length)

  const ndjson = batch.map((e) => JSON.stringify(e)).join('\r\n') + '\n\n'
  const asLines = await handler(apiEvent({ path: '/events', body: ndjson, contentType: 'application/x-ndjson' }))
  t.equal(asLines.statusCode, 200)
  t.same(body(asLines).items, acks, 'NDJSON acks the same items')

  const records = await local.readStream(stream)
  t.equal(records.length, 2 * batch.length)
  t.ok(
    records.every((r) => r.partitionKey === (r.data as { tx_id: string }).tx_id),
    'every partition key is the tx_id',
  )
  const shardsOfTx = new Set(records.filter((r) => r.partitionKey === readmeBid.tx_id).map((r) => r.shardId))
  t.equal(shardsOfTx.size, 1, "a transaction's events share a shard")
  t.equal(new Set(records.map((r) => r.shardId)).size, 2, 'the batch spreads over both shards')
  t.ok(
    records.every((r) => typeof (r.data as { ts: unknown }).ts === 'number'),
    'every record carries ts',
  )
})

// kinesalite never throttles: only here does a scripted fake stand in for Kinesis.
t.test('persistent throttling answers 429 with Retry-After; /events names the items not written', async (t) => {
  const kinesis = new FakeKinesis((_, keys) => keys.map((k) => (k === 't1' ? 'ProvisionedThroughputExceededException' : undefined)))
  const slept: number[] = []
  const retry = { maxAttempts: 3, retryAfterSeconds: 2, sleep: async (ms: number) => void slept.push(ms) }
  const handler = createIngestHandler({ kinesis, streamName: 's', now: () => NOW, logger, retry })
  const items = ['t0', 't1', 't2'].map((tx_id) => ({ type: 'click', tx_id }))
  const batch = await handler(apiEvent({ path: '/events', body: items }))
  t.equal(batch.statusCode, 429)
  t.equal(batch.headers['retry-after'], '2')
  t.same(body(batch), { error: 'throttled', message: 'the stream is busy; retry after 2 s', notWritten: [1] })
  t.same(kinesis.calls, [['t0', 't1', 't2'], ['t1'], ['t1']], 'only the throttled entry is retried')
  t.equal(slept.length, 2)

  const single = await handler(apiEvent({ path: '/click', body: { tx_id: 't1' } }))
  t.equal(single.statusCode, 429)
  t.same(body(single), { error: 'throttled', message: 'the stream is busy; retry after 2 s' })
})

t.test('infrastructure errors answer 500 or 503 JSON without a stack trace', async (t) => {
  logged.length = 0
  const missing = await handlerFor('no-such-stream')(apiEvent())
  t.equal(missing.statusCode, 500, 'a missing stream is a fault of ours: 500')
  t.match(body(missing), { error: 'internal error', message: /request c6af9ac6/ })
  t.notMatch(missing.body, /at .*\.ts|ResourceNotFound/, 'no stack trace or AWS detail leaks')
  t.match(logged, [{ level: 'error', details: { causes: ['ResourceNotFoundException'], requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' } }])

  const closed = localClient('http://127.0.0.1:9', { maxAttempts: 1 })
  t.teardown(() => closed.destroy())
  const unreachable = await createIngestHandler({ kinesis: closed, streamName: 's', logger })(
    apiEvent({ path: '/events', body: [{ type: 'click', tx_id: 't' }] }),
  )
  t.equal(unreachable.statusCode, 503, 'an unreachable Kinesis: 503')
  t.equal(unreachable.headers['retry-after'], '1')
  t.match(body(unreachable), { error: 'unavailable', notWritten: [0] })
})

t.test('an unexpected error is a 500 JSON, logged with the request id', async (t) => {
  logged.length = 0
  const broken = createIngestHandler({
    kinesis: local.client,
    streamName: 's',
    now: () => {
      throw new Error('clock broke')
    },
    logger,
  })
  const response = await broken(apiEvent())
  t.equal(response.statusCode, 500)
  t.same(body(response), { error: 'internal error', message: 'unexpected error (request c6af9ac6-7b61-11e6-9a41-93e8deadbeef)' })
  t.match(logged, [{ level: 'error', message: 'unexpected error', details: { error: /clock broke/ } }])
})

t.test('checks its options', async (t) => {
  const kinesis = local.client
  t.throws(() => createIngestHandler({ kinesis, streamName: '' }), IngestError)
  t.throws(() => createIngestHandler({ kinesis, streamName: 's', maxBodyBytes: 0 }), IngestError)
  t.throws(() => createIngestHandler({ kinesis, streamName: 's', retry: { maxAttempts: 0 } }), IngestError)
  t.throws(() => createIngestHandler({ kinesis, streamName: 's', retry: { baseDelayMs: 10, maxDelayMs: 5 } }), IngestError)
})
