import { PutRecordCommand } from '@aws-sdk/client-kinesis'
import t from 'tap'
import type { KinesisTumblingWindowEvent } from '../src/eventSourceMapping/index.js'
import { startLocalPlatform } from '../src/localPlatform.js'
import { silentLogger } from '../src/logger.js'
import { payloads, waitFor } from './_support/harness.js'

t.test('starts in-process on free ports, attaches consumers, serves routes, writes heartbeats, closes cleanly', async (t) => {
  const events: KinesisTumblingWindowEvent[] = []
  let built = 0
  const platform = await startLocalPlatform({
    port: 0,
    dataDir: t.testdir(),
    windowSeconds: 1,
    inMemory: true,
    heartbeatIntervalMs: 200,
    pollIntervalMs: 50,
    freshContainers: false,
    deliverTwice: false,
    logger: silentLogger,
    resources: { buckets: ['sdp-lake'] },
    consumers: [
      {
        name: 'probe',
        handlerFactory: (context) => {
          built += 1
          t.equal(context.streamName, 'sdp-events')
          return async (event) => {
            events.push(event)
            return { state: {} }
          }
        },
      },
    ],
    routes: (context) => [
      {
        method: 'GET',
        resource: '/stream',
        handler: async () => ({ statusCode: 200, body: JSON.stringify({ stream: context.streamName }) }),
      },
    ],
  })
  t.teardown(() => platform.close())
  t.match(platform.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  await waitFor('consumers attached', () => platform.ready)

  const health = await fetch(`${platform.url}/health`)
  t.equal(health.status, 200)
  t.match(await health.json(), { status: 'ok', consumers: { probe: { attached: true, lagMs: Number } } })
  t.same(await (await fetch(`${platform.url}/stream`)).json(), { stream: 'sdp-events' }, 'routes get the context')

  await platform.services.kinesis.send(
    new PutRecordCommand({ StreamName: 'sdp-events', PartitionKey: 'p', Data: Buffer.from('{"type":"bid"}') }),
  )
  await waitFor('the record and heartbeats from both shards reach the consumer', () => {
    const all = events.flatMap((e) => payloads(e).map((p) => ({ shardId: e.shardId, p })))
    const heartbeatShards = new Set(all.filter((x) => x.p.includes('"heartbeat"')).map((x) => x.shardId))
    return all.some((x) => x.p === '{"type":"bid"}') && heartbeatShards.size === 2
  })
  t.equal(built, 2, 'one warm handler per shard')

  await platform.close()
  await platform.close()
  await t.rejects(fetch(`${platform.url}/health`), 'the HTTP server is closed')
  t.equal(platform.ready, false, 'consumers are detached after close')
})

t.test('two platforms run side by side', async (t) => {
  const [a, b] = await Promise.all(
    [0, 1].map(() =>
      startLocalPlatform({ port: 0, dataDir: t.testdir(), windowSeconds: 1, inMemory: true, logger: silentLogger }),
    ),
  )
  t.teardown(async () => {
    await a?.close()
    await b?.close()
  })
  t.not(a?.url, b?.url)
  t.equal((await fetch(`${a?.url}/health`)).status, 200)
  t.equal((await fetch(`${b?.url}/health`)).status, 200)
})

t.test('rejects duplicate consumer names', async (t) => {
  const consumer = { name: 'same', handlerFactory: () => async () => ({ state: {} }) }
  await t.rejects(
    startLocalPlatform({ port: 0, dataDir: t.testdir(), windowSeconds: 1, inMemory: true, consumers: [consumer, consumer] }),
    /consumer names must be unique/,
  )
})
