// POST /location and location items of POST /events, against kinesalite.
import t from 'tap'
import { createIngestHandler } from '../src/createIngestHandler.js'
import type { IngestResponse } from '../src/types.js'
import { apiEvent } from './_helpers/apiEvent.js'
import { startKinesalite } from '../../test-support/localKinesis.js'

const NOW = 1_795_831_442_000
const local = await startKinesalite()
t.teardown(() => local.close())
const body = (response: IngestResponse) => JSON.parse(response.body) as Record<string, unknown>
const ping = { app_uid: 'e582f2a0-3e2b-4066-a2a3-dc5867953d0d', timestamp: NOW - 1000, longitude: -73.9857, latitude: 40.7484 }

t.test('a location ping goes on the stream keyed by app_uid, its timestamp as ts, and is acked', async (t) => {
  const stream = await local.createStream()
  const handler = createIngestHandler({ kinesis: local.client, streamName: stream, now: () => NOW })
  const response = await handler(apiEvent({ path: '/location', body: ping }))
  t.equal(response.statusCode, 200)
  t.same(body(response), { ok: true, type: 'location', app_uid: ping.app_uid, ts: ping.timestamp })
  const stamped = await handler(apiEvent({ path: '/location', body: { app_uid: 'a2', longitude: 180, latitude: -90, extra: 1 } }))
  t.same(body(stamped), { ok: true, type: 'location', app_uid: 'a2', ts: NOW }, 'the edges of the ranges are accepted; a missing timestamp is stamped')
  const records = await local.readStream(stream)
  t.same(
    records.map((r) => [r.partitionKey, r.data]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    [
      ['a2', { type: 'location', app_uid: 'a2', longitude: 180, latitude: -90, ts: NOW }],
      [ping.app_uid, { type: 'location', app_uid: ping.app_uid, longitude: ping.longitude, latitude: ping.latitude, ts: ping.timestamp }],
    ],
  )
})

t.test('a bad ping answers 400 naming every bad field, and nothing reaches the stream', async (t) => {
  const stream = await local.createStream()
  const handler = createIngestHandler({ kinesis: local.client, streamName: stream, now: () => NOW })
  const cases: Array<[Record<string, unknown>, Array<{ field: string; message: string }>]> = [
    [
      { app_uid: '', longitude: 180.5, latitude: -91 },
      [
        { field: 'app_uid', message: 'must not be empty' },
        { field: 'longitude', message: 'must be a number from -180 to 180 (degrees of longitude)' },
        { field: 'latitude', message: 'must be a number from -90 to 90 (degrees of latitude)' },
      ],
    ],
    [
      { longitude: '1', latitude: null },
      [
        { field: 'app_uid', message: 'is required' },
        { field: 'longitude', message: 'must be a number from -180 to 180 (degrees of longitude)' },
        { field: 'latitude', message: 'must be a number from -90 to 90 (degrees of latitude)' },
      ],
    ],
    [{ ...ping, app_uid: 'x'.repeat(257) }, [{ field: 'app_uid', message: 'must be at most 256 characters (the Kinesis partition-key limit)' }]],
    [{ ...ping, timestamp: NOW + 5 * 60_000 + 1 }, [{ field: 'timestamp', message: `must not be more than 5 minutes ahead of the server clock (now ${NOW})` }]],
    [{ ...ping, timestamp: 1.5 }, [{ field: 'timestamp', message: 'must be an integer (epoch milliseconds)' }]],
    [{ ...ping, type: 'bid' }, [{ field: 'type', message: 'must be "location"' }]],
  ]
  for (const [input, errors] of cases) {
    const response = await handler(apiEvent({ path: '/location', body: input }))
    t.equal(response.statusCode, 400, JSON.stringify(input))
    t.same(body(response), { error: 'invalid event', errors })
  }
  t.same(await local.readStream(stream), [], 'nothing reached the stream')
})

t.test('/events takes location items beside ad events, keyed each by its own key', async (t) => {
  const stream = await local.createStream()
  const handler = createIngestHandler({ kinesis: local.client, streamName: stream, now: () => NOW })
  const bad = await handler(
    apiEvent({
      path: '/events',
      body: [
        { type: 'click', tx_id: 't1' },
        { type: 'location', app_uid: 'a1', longitude: 0, latitude: 95 },
      ],
    }),
  )
  t.equal(bad.statusCode, 400)
  t.same(body(bad), {
    error: 'invalid events',
    errors: [{ index: 1, errors: [{ field: 'latitude', message: 'must be a number from -90 to 90 (degrees of latitude)' }] }],
  })
  t.same(await local.readStream(stream), [], 'an invalid item writes nothing')
  const ok = await handler(
    apiEvent({
      path: '/events',
      body: [
        { type: 'click', tx_id: 't1' },
        { type: 'location', ...ping },
      ],
    }),
  )
  t.equal(ok.statusCode, 200)
  t.same(body(ok), {
    ok: true,
    items: [
      { type: 'click', tx_id: 't1', ts: NOW },
      { type: 'location', app_uid: ping.app_uid, ts: ping.timestamp },
    ],
  })
  t.same((await local.readStream(stream)).map((r) => r.partitionKey).sort(), [ping.app_uid, 't1'].sort())
})
