import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import fc from 'fast-check'
import { buildWindowEvent } from '../../src/eventSourceMapping/buildWindowEvent.js'
import { CheckpointStore } from '../../src/eventSourceMapping/CheckpointStore.js'
import { interpretResponse } from '../../src/eventSourceMapping/interpretResponse.js'
import { windowContaining, windowFromIso, windowToIso } from '../../src/eventSourceMapping/TumblingWindow.js'
import { CheckpointError } from '../../src/errors.js'

// The repository's AWS-shaped sample events.
const FIXTURES = new URL('../../../../test-support/fixtures/', import.meta.url)

t.test('windowContaining aligns windows to multiples of the size from the epoch', async (t) => {
  t.same(windowContaining(7_500, 5_000), { startMs: 5_000, endMs: 10_000 })
  t.same(windowContaining(10_000, 5_000), { startMs: 10_000, endMs: 15_000 }, 'the end is exclusive')
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 900 }), (ts, seconds) => {
      const w = windowContaining(ts, seconds * 1000)
      return w.startMs <= ts && ts < w.endMs && w.startMs % (seconds * 1000) === 0
    }),
  )
})

t.test('windows print as Lambda does: second precision with a trailing Z, and parse back', async (t) => {
  const iso = windowToIso({ startMs: Date.parse('2026-11-28T02:04:00Z'), endMs: Date.parse('2026-11-28T02:05:00Z') })
  t.same(iso, { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' })
  t.same(windowFromIso(iso), { startMs: Date.parse('2026-11-28T02:04:00Z'), endMs: Date.parse('2026-11-28T02:05:00Z') })
  t.equal(windowFromIso({ start: 'x', end: 'y' }), undefined)
})

t.test('buildWindowEvent reproduces the AWS-shaped fixtures exactly', async (t) => {
  for (const [file, final] of [
    ['kinesis-tumbling-window-event.json', false],
    ['kinesis-tumbling-window-final-event.json', true],
  ] as const) {
    const fixture = JSON.parse(await readFile(new URL(file, FIXTURES), 'utf8')) as {
      Records: Array<{ kinesis: { sequenceNumber: string; partitionKey: string; data: string; approximateArrivalTimestamp: number } }>
      state: Record<string, unknown>
    }
    const event = buildWindowEvent({
      source: {
        shardId: 'shardId-000000000000',
        eventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events',
        region: 'us-east-1',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/sdp-window',
      },
      records: fixture.Records.map((r) => ({
        sequenceNumber: r.kinesis.sequenceNumber,
        partitionKey: r.kinesis.partitionKey,
        data: r.kinesis.data,
        arrivalMs: Math.round(r.kinesis.approximateArrivalTimestamp * 1000),
      })),
      window: { startMs: Date.parse('2026-11-28T02:04:00Z'), endMs: Date.parse('2026-11-28T02:05:00Z') },
      state: fixture.state,
      isFinalInvokeForWindow: final,
    })
    t.same(JSON.parse(JSON.stringify(event)), fixture, `${file}: same fields, values and nesting`)
    t.same(Object.keys(event), Object.keys(fixture), `${file}: same top-level key order`)
  }
})

t.test('interpretResponse follows Lambda rules', async (t) => {
  const batch = ['100', '200', '300']
  const returned = (response: unknown) => ({ kind: 'returned', response }) as const
  t.same(interpretResponse(returned({ state: { a: 1 } }), batch), { kind: 'success', state: { a: 1 } })
  t.same(interpretResponse(returned({ state: {}, batchItemFailures: [] }), batch), { kind: 'success', state: {} })
  t.same(interpretResponse(returned({ state: {}, batchItemFailures: null }), batch), { kind: 'success', state: {} })
  t.match(interpretResponse(returned({ batchItemFailures: [] }), batch), { kind: 'failure', reason: /no state/ })
  t.match(interpretResponse(returned(undefined), batch), { kind: 'failure' })
  t.match(interpretResponse(returned({ state: 'x' }), batch), { kind: 'failure' })
  t.match(interpretResponse({ kind: 'threw', error: new Error('x') }, batch), { kind: 'failure', reason: 'handler threw' })
  t.same(
    interpretResponse(returned({ state: {}, batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] }), batch),
    { kind: 'partial', failedIndex: 1 },
    'retry from the lowest reported sequence number',
  )
  t.match(interpretResponse(returned({ state: {}, batchItemFailures: [{ itemIdentifier: '' }] }), batch), { kind: 'failure' })
  t.match(interpretResponse(returned({ state: {}, batchItemFailures: [{ id: '100' }] }), batch), { kind: 'failure' })
  t.match(interpretResponse(returned({ state: {}, batchItemFailures: [{ itemIdentifier: '999' }] }), batch), { kind: 'failure' })
  t.match(interpretResponse(returned({ state: {}, batchItemFailures: {} }), batch), { kind: 'failure' })
})

t.test('CheckpointStore writes atomically and refuses a corrupt file', async (t) => {
  const dir = t.testdir()
  const store = new CheckpointStore(join(dir, 'esm', 'm'))
  t.equal(await store.read('shardId-000000000000'), undefined, 'no checkpoint yet')
  const checkpoint = {
    version: 1,
    shardId: 'shardId-000000000000',
    sequenceNumber: '42',
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z', state: { n: 1 } },
    finished: false,
    updatedAt: '2026-11-28T02:04:30.000Z',
  } as const
  await store.write(checkpoint)
  await store.write({ ...checkpoint, sequenceNumber: '43' })
  t.same(await store.read('shardId-000000000000'), { ...checkpoint, sequenceNumber: '43' })
  t.same(await readdir(store.path), ['shardId-000000000000.json'], 'no temporary files left behind')
  await writeFile(join(store.path, 'shardId-000000000001.json'), '{"version":1,')
  await t.rejects(store.read('shardId-000000000001'), CheckpointError)
  await writeFile(join(store.path, 'shardId-000000000002.json'), '{"version":2}')
  await t.rejects(store.read('shardId-000000000002'), CheckpointError)
})
