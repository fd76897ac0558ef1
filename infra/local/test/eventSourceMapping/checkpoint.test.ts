import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { EventSourceMapping, type KinesisTumblingWindowEvent, type ShardCheckpoint, type WindowHandlerResponse } from '../../src/eventSourceMapping/index.js'
import { silentLogger } from '../../src/logger.js'
import { CallLog, countingHandler, mappingOptions, numbered, putAll, services, startMapping, stream, waitFor } from '../_support/harness.js'

const STREAM = 'esm-checkpoint'

/**
 * A counting handler that, once `holdAfter` records were delivered, holds its next invocation
 * until `release()`: `held` resolves when it does, so a test can stop the mapping at that point.
 */
function holding(log: CallLog, holdAfter: number) {
  const inner = countingHandler(log)
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  let reached = () => {}
  const held = new Promise<void>((resolve) => (reached = resolve))
  const handler = async (event: KinesisTumblingWindowEvent): Promise<WindowHandlerResponse> => {
    if (log.delivered().length >= holdAfter) {
      reached()
      await released
    }
    return inner(event)
  }
  return { handler, held, release }
}

t.test('stop mid-stream and restart on the same dataDir: nothing lost, nothing processed twice, window state resumed', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const dataDir = t.testdir()
  const options = {
    name: 'restart',
    kinesis: s.kinesis,
    streamName: STREAM,
    dataDir,
    windowSeconds: 3,
    batchSize: 5,
    pollIntervalMs: 20,
    logger: silentLogger,
  }
  await waitFor('start of a fresh window', () => Date.now() % 3000 < 500)
  const puts = await putAll(s.kinesis, STREAM, numbered('c', 80, 'k'))

  const logA = new CallLog()
  const hold = holding(logA, 20)
  const a = new EventSourceMapping({ ...options, handlerFactory: () => hold.handler })
  await a.start()
  await hold.held // part of the stream processed, an invocation in flight
  const stopping = a.stop()
  hold.release()
  await stopping
  const deliveredA = logA.delivered()
  t.ok(deliveredA.length < puts.length, `stopped mid-stream (${deliveredA.length} of ${puts.length})`)

  const files = await readdir(a.checkpointDir)
  t.same(files, ['shardId-000000000000.json'], 'one checkpoint file per shard, no temp files left')
  const checkpoint = JSON.parse(await readFile(join(a.checkpointDir, files[0] ?? ''), 'utf8')) as ShardCheckpoint
  const lastA = logA.calls.at(-1)
  t.equal(checkpoint.sequenceNumber, lastA?.event.Records.at(-1)?.kinesis.sequenceNumber, 'checkpoint = last processed record')
  t.same(checkpoint.window?.state, lastA?.response === 'threw' ? undefined : lastA?.response.state, 'with the open window state')
  t.equal(checkpoint.window?.start, lastA?.event.window.start)

  const logB = new CallLog()
  const b = new EventSourceMapping({ ...options, handlerFactory: () => countingHandler(logB) })
  t.teardown(() => b.stop())
  await b.start()
  await waitFor('the rest processed and the window finalised', () => deliveredA.length + logB.delivered().length >= puts.length && logB.finals().length === 1)
  t.same(
    [...deliveredA, ...logB.delivered()],
    puts.map((p) => p.data),
    'exactly the stream, in order, once',
  )
  t.same(logB.calls[0]?.event.state, checkpoint.window?.state, 'the restarted mapping continues the window state')
  t.equal((logB.finals()[0]?.event.state as { count: number }).count, puts.length, 'the final invoke sees every record')
})

t.test('a failing handler never moves the checkpoint', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const dataDir = t.testdir()
  const puts = await putAll(s.kinesis, STREAM, numbered('f', 5, 'k'))
  let attempts = 0
  const failing = new EventSourceMapping(
    mappingOptions(t, s, STREAM, {
      name: 'failing',
      dataDir,
      retryBaseMs: 5,
      retryMaxMs: 10,
      handlerFactory: () => async () => {
        attempts += 1
        throw new Error('down')
      },
    }),
  )
  await failing.start()
  await waitFor('a few attempts', () => attempts >= 3)
  await failing.stop()
  await t.rejects(readdir(failing.checkpointDir), { code: 'ENOENT' }, 'no checkpoint was written')

  const log = new CallLog()
  const healthy = new EventSourceMapping(
    mappingOptions(t, s, STREAM, {
      name: 'failing',
      dataDir,
      handlerFactory: () => countingHandler(log),
    }),
  )
  t.teardown(() => healthy.stop())
  await healthy.start()
  await waitFor('all delivered', () => log.delivered().length >= puts.length)
  t.same(
    log.delivered(),
    puts.map((p) => p.data),
    'everything is delivered from the start',
  )
  t.same(log.calls[0]?.event.state, {}, 'with a fresh window state')
})

t.test('a corrupt checkpoint stops that shard (logged, not attached) instead of reprocessing from the start', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const dataDir = t.testdir({ esm: { corrupt: { 'shardId-000000000000.json': '{"version":1,' } } })
  await putAll(s.kinesis, STREAM, [{ data: 'kept' }])
  const errors: string[] = []
  let calls = 0
  const mapping = await startMapping(t, s, STREAM, {
    name: 'corrupt',
    dataDir,
    logger: { ...silentLogger, error: (message) => errors.push(message) },
    handlerFactory: () => async () => {
      calls += 1
      return { state: {} }
    },
  })
  await waitFor('the error is logged', () => errors.length > 0)
  t.match(errors[0], /shardId-000000000000: poller stopped by an error/)
  t.equal(mapping.attached, false, 'the mapping reports itself not attached')
  t.equal(calls, 0, 'nothing was reprocessed from TRIM_HORIZON')
})
