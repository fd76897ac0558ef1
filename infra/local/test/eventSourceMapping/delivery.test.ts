import t from 'tap'
import { CallLog, countingHandler, numbered, payloads, putAll, services, startMapping, stream, waitFor } from '../_support/harness.js'

const STREAM = 'esm-delivery'

t.test('delivers every record exactly once, in order per shard, in the exact Lambda event shape', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 2)
  const log = new CallLog()
  const mapping = await startMapping(t, s, STREAM, {
    name: 'delivery',
    batchSize: 25,
    handlerFactory: () => countingHandler(log),
  })
  const puts = await putAll(s.kinesis, STREAM, numbered('r', 120))
  await waitFor('all records delivered', () => log.delivered().length >= puts.length)

  t.same([...log.delivered()].sort(), puts.map((p) => p.data).sort(), 'each record exactly once')
  for (const shardId of new Set(puts.map((p) => p.shardId))) {
    const expected = puts.filter((p) => p.shardId === shardId).map((p) => p.sequenceNumber)
    const seen = log.calls.filter((c) => c.event.shardId === shardId).flatMap((c) => c.event.Records.map((r) => r.kinesis.sequenceNumber))
    t.same(seen, expected, `${shardId}: records in put order`)
  }

  const call = log.calls.find((c) => c.event.Records.length > 0)
  const record = call?.event.Records[0]
  const put = puts.find((p) => p.sequenceNumber === record?.kinesis.sequenceNumber)
  t.match(call?.event, {
    shardId: put?.shardId,
    eventSourceARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`,
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
    window: { start: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, end: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ },
  })
  t.match(record, {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: put?.data,
      sequenceNumber: put?.sequenceNumber,
      data: Buffer.from(put?.data ?? '').toString('base64'),
      approximateArrivalTimestamp: Number,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${put?.shardId}:${put?.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/delivery',
    awsRegion: 'us-east-1',
    eventSourceARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`,
  })
  const arrival = record?.kinesis.approximateArrivalTimestamp ?? 0
  t.ok(arrival > 1e9 && arrival < 1e11, 'approximateArrivalTimestamp is in epoch seconds')
  t.equal(mapping.counters.records, puts.length, 'records counter')
})

t.test('groups records by arrival time into windows, each with exactly one final invoke after its records', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const log = new CallLog()
  await startMapping(t, s, STREAM, {
    name: 'windows',
    batchSize: 3,
    handlerFactory: () => countingHandler(log),
  })

  // Records in two consecutive windows: wait for the clock to enter the next window.
  await waitFor('start of a fresh window', () => Date.now() % 1000 < 300)
  await putAll(s.kinesis, STREAM, numbered('a', 7, 'k'))
  const firstWindowEnd = Math.floor(Date.now() / 1000) * 1000 + 1000
  await waitFor('next window', () => Date.now() >= firstWindowEnd)
  await putAll(s.kinesis, STREAM, numbered('b', 4, 'k'))
  await waitFor('all records delivered and their windows final', () => {
    const windows = new Set(log.calls.filter((c) => c.event.Records.length > 0).map((c) => c.event.window.start))
    return log.delivered().length === 11 && log.finals().length >= windows.size
  })
  // Give a wrong extra final invoke the chance to show up: wait until one more window has passed.
  const quietUntil = Date.now() + 1_300
  await waitFor('a further window to pass', () => Date.now() >= quietUntil)

  for (const call of log.calls) {
    const { start, end } = call.event.window
    t.equal(Date.parse(end) - Date.parse(start), 1000, 'window is windowSeconds long')
    for (const record of call.event.Records) {
      const ms = record.kinesis.approximateArrivalTimestamp * 1000
      t.ok(ms >= Date.parse(start) && ms < Date.parse(end), 'record arrived inside its window')
    }
  }
  const windows = [...new Set(log.calls.filter((c) => c.event.Records.length > 0).map((c) => c.event.window.start))]
  t.ok(windows.length >= 2, 'records spread over at least two windows')
  for (const start of windows) {
    const calls = log.calls.filter((c) => c.event.window.start === start)
    const finals = calls.filter((c) => c.event.isFinalInvokeForWindow)
    t.equal(finals.length, 1, `window ${start}: exactly one final invoke`)
    t.same(finals[0]?.event.Records, [], 'the final invoke carries no records')
    t.equal(calls.at(-1)?.event.isFinalInvokeForWindow, true, 'the final invoke comes after every batch')
    t.ok(Date.parse(finals[0]?.event.window.end ?? '') <= Date.now(), 'made after the window end')
  }
  t.equal(log.finals().length, windows.length, 'no invocation for a window without records')
  t.same(log.delivered(), [...Array.from({ length: 7 }, (_, i) => `a${i}`), ...Array.from({ length: 4 }, (_, i) => `b${i}`)])
})

t.test('state flows between invocations of a window and starts as {} in a new window', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const log = new CallLog()
  await startMapping(t, s, STREAM, {
    name: 'state',
    batchSize: 2,
    handlerFactory: () => countingHandler(log),
  })
  await waitFor('start of a fresh window', () => Date.now() % 1000 < 300)
  await putAll(s.kinesis, STREAM, numbered('x', 5, 'k'))
  const next = Math.floor(Date.now() / 1000) * 1000 + 1000
  await waitFor('next window', () => Date.now() >= next)
  await putAll(s.kinesis, STREAM, numbered('y', 3, 'k'))
  await waitFor('both windows final', () => log.finals().length >= 2 && log.delivered().length === 8)

  let previous: (typeof log.calls)[number] | undefined
  for (const call of log.calls) {
    const sameWindow = previous !== undefined && previous.event.window.start === call.event.window.start
    if (sameWindow && previous !== undefined && previous.response !== 'threw') {
      t.same(call.event.state, previous.response.state, 'input state is the previous response state')
    } else {
      t.same(call.event.state, {}, `first invocation of window ${call.event.window.start} gets {}`)
    }
    previous = call
  }
  const finalStates = log.finals().map((c) => c.event.state as { count: number })
  t.same(
    finalStates.map((st) => st.count).reduce((a, b) => a + b, 0),
    8,
    'final invokes see the full counts',
  )
  t.ok(
    log.calls.some((c) => c.event.Records.length > 0 && ((c.event.state as { count?: number }).count ?? 0) > 0),
    'a later batch of a window sees the earlier batches in its state',
  )
})

t.test('payload helper decodes records', async (t) => {
  t.same(payloads({ Records: [{ kinesis: { data: Buffer.from('hi').toString('base64') } }] } as never), ['hi'])
})
