import t from 'tap'
import { EventSourceMapping, type KinesisTumblingWindowEvent, type WindowHandlerResponse } from '../../src/eventSourceMapping/index.js'
import { EventSourceMappingOptionsError } from '../../src/errors.js'
import { CallLog, countingHandler, numbered, putAll, services, startMapping, stream, waitFor } from '../_support/harness.js'

const STREAM = 'esm-containers'

t.test('freshContainers builds a new handler for every invocation', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 2)
  const log = new CallLog()
  let built = 0
  const mapping = await startMapping(t, s, STREAM, {
    name: 'fresh',
    batchSize: 3,
    freshContainers: true,
    handlerFactory: () => {
      built += 1
      const instance = built
      const inner = countingHandler(log)
      return async (event) => ({ ...(await inner(event)), instance }) as WindowHandlerResponse
    },
  })
  const puts = await putAll(s.kinesis, STREAM, numbered('h', 20))
  await waitFor('all delivered', () => log.delivered().length >= puts.length)
  await mapping.stop()
  t.equal(built, log.calls.length, 'one handler instance per invocation')
  t.equal(mapping.counters.invocations, log.calls.length)
})

t.test('without freshContainers each shard keeps one warm handler', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 2)
  const log = new CallLog()
  let built = 0
  await startMapping(t, s, STREAM, {
    name: 'warm',
    batchSize: 3,
    handlerFactory: () => {
      built += 1
      return countingHandler(log)
    },
  })
  const puts = await putAll(s.kinesis, STREAM, numbered('w', 20))
  await waitFor('all delivered', () => log.delivered().length >= puts.length)
  t.ok(log.calls.length > 2, 'several invocations')
  t.equal(built, new Set(log.calls.map((c) => c.event.shardId)).size, 'one instance per shard')
})

t.test('deliverTwice invokes each event twice with the same input and keeps the second response', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const log = new CallLog()
  let call = 0
  const mapping = await startMapping(t, s, STREAM, {
    name: 'twice',
    batchSize: 2,
    deliverTwice: true,
    handlerFactory: () => async (event: KinesisTumblingWindowEvent) => {
      call += 1
      const response = { state: { call } }
      log.add(event, response)
      return response
    },
  })
  await putAll(s.kinesis, STREAM, numbered('d', 5, 'k'))
  await waitFor('records delivered and the window final', () => log.finals().length >= 2)
  await mapping.stop()

  const calls = log.calls
  t.equal(calls.length % 2, 0, 'calls come in pairs')
  for (let i = 0; i + 1 < calls.length; i += 2) {
    const [first, second] = [calls[i], calls[i + 1]]
    t.same(second?.event, first?.event, `pair ${i / 2}: identical input (records, state, window)`)
    const next = calls[i + 2]
    if (next !== undefined && next.event.window.start === first?.event.window.start && second?.response !== 'threw') {
      t.same(next.event.state, second?.response.state, 'the next invocation continues from the second response')
    }
  }
  t.equal(mapping.counters.invocations, calls.length, 'both deliveries count as invocations')
})

t.test('rejects invalid options with the broken rule', async (t) => {
  const base = {
    name: 'ok',
    kinesis: {} as never,
    streamName: 's',
    dataDir: '/tmp',
    handlerFactory: () => async () => ({ state: {} }),
  }
  t.throws(() => new EventSourceMapping({ ...base, windowSeconds: 0 }), EventSourceMappingOptionsError)
  t.throws(() => new EventSourceMapping({ ...base, windowSeconds: 901 }), /windowSeconds must be an integer from 1 to 900/)
  t.throws(() => new EventSourceMapping({ ...base, batchSize: 10_001 }), /batchSize/)
  t.throws(() => new EventSourceMapping({ ...base, name: '../escape' }), /name must be/)
  t.throws(() => new EventSourceMapping({ ...base, name: '..' }), /name must be/)
})
