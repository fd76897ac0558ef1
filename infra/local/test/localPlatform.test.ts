import { threadId } from 'node:worker_threads'
import { PutRecordCommand } from '@aws-sdk/client-kinesis'
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import t, { type Test } from 'tap'
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

  await platform.services.kinesis.send(new PutRecordCommand({ StreamName: 'sdp-events', PartitionKey: 'p', Data: Buffer.from('{"type":"bid"}') }))
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
    [0, 1].map(() => startLocalPlatform({ port: 0, dataDir: t.testdir(), windowSeconds: 1, inMemory: true, logger: silentLogger })),
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

const PROBE = new URL('./_support/threadConsumers.ts', import.meta.url)

/** Every payload the probe consumer wrote to S3, with the thread that handled it. */
async function probed(s3: S3Client): Promise<Array<{ threadId: number; payloads: string[] }>> {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: 'sdp-lake', Prefix: 'probe/' }))
  return Promise.all(
    Contents.map(async ({ Key }) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'sdp-lake', Key }))
      return JSON.parse((await object.Body?.transformToString()) ?? '{}') as { threadId: number; payloads: string[] }
    }),
  )
}

/** A platform whose consumers come from the probe module, in their own thread. */
async function threadPlatform(t: Test, onFatal: (error: Error) => void = (error) => t.fail(error.message)) {
  const platform = await startLocalPlatform({
    port: 0,
    dataDir: t.testdir(),
    windowSeconds: 1,
    inMemory: true,
    pollIntervalMs: 50,
    logger: silentLogger,
    resources: { buckets: ['sdp-lake'] },
    consumers: { module: PROBE, exportName: 'probeConsumers', options: { bucket: 'sdp-lake' } },
    onFatal,
  })
  t.teardown(() => platform.close())
  return platform
}

t.test('consumers from a module run in a thread of their own and report their status', async (t) => {
  const platform = await threadPlatform(t)
  t.same(
    platform.mappings.map((m) => m.name),
    ['probe'],
  )
  await waitFor('consumers attached', () => platform.ready)
  t.match(await (await fetch(`${platform.url}/health`)).json(), { status: 'ok', consumers: { probe: { attached: true } } })
  await platform.services.kinesis.send(new PutRecordCommand({ StreamName: 'sdp-events', PartitionKey: 'p', Data: Buffer.from('{"type":"bid"}') }))
  await waitFor('the record reaches the consumer', async () => (await probed(platform.services.s3)).some((p) => p.payloads.includes('{"type":"bid"}')))
  const seen = await probed(platform.services.s3)
  t.ok(
    seen.every((p) => p.threadId !== threadId),
    'handled outside the calling thread',
  )
  await waitFor('the counters to arrive', () => (platform.mappings[0]?.counters.records ?? 0) > 0)
  await platform.close()
  t.equal(platform.ready, false, 'consumers are detached after close')
})

t.test('a consumer thread that dies closes the platform and reports it', async (t) => {
  const fatal: Error[] = []
  const platform = await threadPlatform(t, (error) => fatal.push(error))
  await waitFor('consumers attached', () => platform.ready)
  await platform.services.kinesis.send(new PutRecordCommand({ StreamName: 'sdp-events', PartitionKey: 'p', Data: Buffer.from('"crash"') }))
  await waitFor('the crash to be reported', () => fatal.length > 0)
  t.match(fatal[0], { name: 'ThreadCrashedError', message: /the consumer thread stopped unexpectedly: the probe handler crashed its thread/ })
  t.equal(platform.ready, false)
  await t.rejects(fetch(`${platform.url}/health`), 'the HTTP server is closed')
})

t.test('a services thread that dies closes the platform and reports it', async (t) => {
  const fatal: Error[] = []
  const platform = await threadPlatform(t, (error) => fatal.push(error))
  await waitFor('consumers attached', () => platform.ready)
  await platform.services.threads.find((thread) => thread.name === 'kinesis')?.terminate()
  await waitFor('the crash to be reported', () => fatal.length > 0)
  t.match(fatal[0], { name: 'ThreadCrashedError', message: /the kinesis services thread stopped unexpectedly/ })
  await t.rejects(fetch(`${platform.url}/health`), 'the HTTP server is closed')
})

t.test('a consumer module without the named function is refused', async (t) => {
  await t.rejects(
    startLocalPlatform({
      port: 0,
      dataDir: t.testdir(),
      windowSeconds: 1,
      inMemory: true,
      logger: silentLogger,
      consumers: { module: PROBE, exportName: 'notConsumers' },
    }),
    /threadConsumers\.ts must export a function 'notConsumers' that returns the consumers/,
  )
})
