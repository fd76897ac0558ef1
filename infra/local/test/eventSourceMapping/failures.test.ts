import t from 'tap'
import { EventSourceMapping, type KinesisTumblingWindowEvent, type WindowHandlerResponse } from '../../src/eventSourceMapping/index.js'
import type { Logger } from '../../src/logger.js'
import { CallLog, mappingOptions, numbered, payloads, putAll, services, startMapping, stream, waitFor } from '../_support/harness.js'

const STREAM = 'esm-failures'

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push = (message: string): void => {
    lines.push(message)
  }
  return { lines, info: push, warn: push, error: push }
}

t.test('batchItemFailures redeliver from the lowest failed sequence number with the prior state', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const log = new CallLog()
  // bad1 fails on its first delivery, bad2 on its first two.
  const failuresLeft = new Map([
    ['bad1', 1],
    ['bad2', 2],
  ])
  const handler = async (event: KinesisTumblingWindowEvent): Promise<WindowHandlerResponse> => {
    const data = payloads(event)
    const seen = [...((event.state['seen'] as string[] | undefined) ?? []), ...data]
    const failures = event.Records.filter((_, i) => (failuresLeft.get(data[i] ?? '') ?? 0) > 0)
    for (const d of data) if (failuresLeft.has(d)) failuresLeft.set(d, (failuresLeft.get(d) ?? 0) - 1)
    const response: WindowHandlerResponse = {
      // The state returned with a partial failure must be thrown away by the emulator.
      state: failures.length > 0 ? { seen, poisoned: true } : { seen },
      batchItemFailures: failures.reverse().map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })),
    }
    log.add(event, response)
    return response
  }
  const logger = capturingLogger()
  const mapping = new EventSourceMapping(
    mappingOptions(t, s, STREAM, {
      name: 'partial',
      windowSeconds: 2,
      retryBaseMs: 10,
      handlerFactory: () => handler,
      logger,
    }),
  )
  t.teardown(() => mapping.stop())
  // Put first, then start: the whole set arrives in one batch (well inside one 2 s window).
  await waitFor('start of a fresh window', () => Date.now() % 2000 < 500)
  const puts = await putAll(
    s.kinesis,
    STREAM,
    ['a', 'b', 'bad1', 'c', 'bad2', 'd'].map((data) => ({ data, partitionKey: 'k' })),
  )
  await mapping.start()
  await waitFor('window finalised', () => log.finals().length === 1)

  const [first, second, third] = log.calls
  t.same(payloads(first?.event ?? ({ Records: [] } as never)), ['a', 'b', 'bad1', 'c', 'bad2', 'd'], 'first batch holds all')
  t.same(payloads(second?.event ?? ({ Records: [] } as never)), ['bad1', 'c', 'bad2', 'd'], 'retry starts at the lowest failed record')
  t.equal(second?.event.Records[0]?.kinesis.sequenceNumber, puts[2]?.sequenceNumber)
  t.same(second?.event.state, first?.event.state, 'the retry gets the state from before the failed invocation')
  t.same(payloads(third?.event ?? ({ Records: [] } as never)), ['bad2', 'd'], 'second failure retried from its record')
  t.same(third?.event.state, second?.event.state, 'again with the prior state')
  const final = log.finals()[0]
  t.same(final?.event.state, { seen: ['bad2', 'd'] }, 'no state of a partially failed invocation survives')
  t.equal(mapping.counters.failures, 2, 'two failed invocations counted')
  t.equal(mapping.counters.records, 6, 'each record counted once')
  t.ok(
    logger.lines.some((l) => l.includes('batchItemFailures')),
    'the failure is logged',
  )
})

t.test('a throwing handler is retried with the same batch and state until it succeeds; nothing is lost', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 2)
  const log = new CallLog()
  // Per shard, two failures before every success.
  const calls = new Map<string, number>()
  const handler = async (event: KinesisTumblingWindowEvent): Promise<WindowHandlerResponse> => {
    const n = (calls.get(event.shardId) ?? 0) + 1
    calls.set(event.shardId, n)
    if (n % 3 !== 0) {
      log.add(event, 'threw')
      throw new Error(`transient failure #${n}`)
    }
    const count = ((event.state['count'] as number | undefined) ?? 0) + event.Records.length
    const response = { state: { count } }
    log.add(event, response)
    return response
  }
  const logger = capturingLogger()
  const mapping = await startMapping(t, s, STREAM, {
    name: 'throwing',
    batchSize: 4,
    retryBaseMs: 5,
    retryMaxMs: 20,
    handlerFactory: () => handler,
    logger,
  })
  const puts = await putAll(s.kinesis, STREAM, numbered('t', 30))
  await waitFor('all records delivered', () => log.delivered().length >= puts.length)

  t.same([...log.delivered()].sort(), puts.map((p) => p.data).sort(), 'every record delivered exactly once')
  // Every successful call was preceded by failed calls with the very same input.
  for (const [i, call] of log.calls.entries()) {
    if (call.response === 'threw') continue
    const before = log.calls
      .slice(0, i)
      .filter((c) => c.event.shardId === call.event.shardId)
      .slice(-2)
    for (const failed of before) {
      t.equal(failed.response, 'threw')
      t.same(failed.event.Records, call.event.Records, 'the retry is the same batch')
      t.same(failed.event.state, call.event.state, 'with the same state')
    }
  }
  await mapping.stop()
  t.equal(mapping.counters.failures, log.calls.filter((c) => c.response === 'threw').length, 'failures counted')
  t.equal(mapping.counters.invocations, log.calls.length, 'invocations counted')
  t.ok(
    logger.lines.some((l) => l.includes('invocation failed: handler threw')),
    'each failure is logged',
  )
})

t.test('a response without state is a failed invocation', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const log = new CallLog()
  let calls = 0
  const handler = async (event: KinesisTumblingWindowEvent): Promise<WindowHandlerResponse> => {
    calls += 1
    const response: WindowHandlerResponse = calls === 1 ? { batchItemFailures: [] } : { state: { ok: true } }
    log.add(event, response)
    return response
  }
  const mapping = await startMapping(t, s, STREAM, {
    name: 'stateless',
    retryBaseMs: 5,
    handlerFactory: () => handler,
    logger: capturingLogger(),
  })
  await putAll(s.kinesis, STREAM, [{ data: 'only' }])
  await waitFor('delivered twice (failure + retry)', () => log.calls.filter((c) => c.event.Records.length > 0).length >= 2)
  const [failed, retried] = log.calls
  t.same(retried?.event.Records, failed?.event.Records, 'the batch is redelivered')
  t.same(retried?.event.state, {}, 'with the state from before')
  t.equal(mapping.counters.failures, 1)
})
