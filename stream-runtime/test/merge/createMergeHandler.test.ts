import t from 'tap'
import { silentTelemetry } from '@sdp/service-kit'
import type { Json, KinesisWindowEvent } from '@sdp/aggregation-engine'
import { DeadLetterSink } from '../../src/deadLetters/DeadLetterSink.js'
import { packPartials } from '../../src/exchange/PartialsRecord.js'
import { createMergeHandler } from '../../src/merge/createMergeHandler.js'
import type { ResultItem } from '../../src/merge/mergePartials.js'
import { ResultsTable, resultsTableDefinition } from '../../src/merge/ResultsTable.js'
import { isLastingStateKey } from '../../src/merge/resultKeys.js'
import { S3ObjectStore } from '../../src/state/S3ObjectStore.js'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { startDynamo, startS3 } from '../../../test-support/localServices.js'
import { MemoryObjectStore } from '../../../test-support/memoryObjectStore.js'
import { resultItemId } from '../../../test-support/resultItemId.js'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 7, 12)
const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`
const sum = (a: Json, b: Json): Json => (a as number[]).map((x, i) => x + ((b as number[])[i] as number))
const record = (n: number, data: string, arrival = NOW) => ({
  kinesis: { data, partitionKey: 'b1', sequenceNumber: seq(n), approximateArrivalTimestamp: arrival / 1000 },
})
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64')
const packed = (key: string, start: number, to: number) =>
  packPartials(
    [{ id: `shardId-000000000001:${seq(1)}-${seq(to)}`, key, window: { start, end: start + 60_000 }, accumulator: [1, 0, 0] }],
    'shardId-000000000001',
  )[0]?.[0]

t.test('the merge handler over s3rver and dynalite', async (t) => {
  const [s3, ddb] = await Promise.all([startS3(), startDynamo()])
  t.teardown(async () => Promise.all([s3.close(), ddb.close()]))
  await ddb.createTable(resultsTableDefinition('sdp-results'))
  const store = new S3ObjectStore(s3.s3, s3.bucket)
  const results = new ResultsTable({ dynamodb: ddb.dynamodb, tableName: 'sdp-results' })
  const container = () =>
    createMergeHandler({
      name: 'merge',
      merge: sum,
      state: new SegmentStateBackend({ store, prefix: 'state/merge', ancestors: async () => [], retentionMs: 3 * DAY, keep: isLastingStateKey }),
      results,
      deadLetters: new DeadLetterSink(store, 'merge'),
      ancestors: async () => [],
      horizonMs: 2 * DAY,
      telemetry: silentTelemetry(),
    })
  const event = (Records: KinesisWindowEvent['Records'], state: KinesisWindowEvent['state'], final = false): KinesisWindowEvent => ({
    shardId: 'shardId-000000000000',
    window: { start: '', end: '' },
    state,
    Records,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  })

  const fresh = packed('5', NOW - 60_000, 10)
  const old = packed('5', NOW - 3 * DAY, 11)
  const batch = [
    record(1, encode(fresh)),
    record(2, 'not base64!'),
    record(3, encode('{')),
    record(4, Buffer.from('{').toString('base64')),
    record(5, encode({ v: 1 })),
    record(6, encode(old)),
    record(7, encode(fresh)), // a resend of a retried stage-1 invocation
  ]
  const first = await container()(event(batch, {}))
  t.same(first, { state: { l: seq(7) }, batchItemFailures: [] })
  t.same((await results.totals('5'))?.value, [1, 0, 0], 'the record merged once; the too-old partials left out')
  const letters = JSON.parse(Buffer.from((await store.get((await store.list('errors/merge/'))[0] ?? '')) ?? []).toString()) as {
    records: Array<{ sequenceNumber: string; reason: string }>
  }
  t.same(
    letters.records.map((r) => [r.sequenceNumber, r.reason.split(':')[0]?.split(' ').slice(0, 4).join(' ')]),
    [
      [seq(2), 'data is not base64'],
      [seq(3), 'not a partials record'],
      [seq(4), 'not JSON'],
      [seq(5), 'source must be a'],
      [seq(6), '1 partials are for'],
    ],
    'each bad record dead-lettered with its reason',
  )

  // The same batch again in a new container with the same input state (a retry), then the next batch.
  const retried = await container()(event(batch, {}))
  t.same(retried, first, 'a retry answers the same')
  t.same((await results.totals('5'))?.value, [1, 0, 0], 'and leaves the totals as they were')
  await container()(event([record(8, encode(packed('5', NOW - 60_000, 12)))], retried.state, true))
  t.same((await results.totals('5'))?.value, [2, 0, 0], 'the next flush adds')
  t.same((await results.head('5'))?.periods, { [String((NOW - 60_000) % 3_600_000)]: [2, 0, 0] }, "the latest hour's periods in the head")
})

t.test("a key quiet for longer than the state's retention still rolls its last hour and day up", async (t) => {
  const store = new MemoryObjectStore()
  const items = new Map<string, ResultItem>()
  const handler = createMergeHandler({
    name: 'merge',
    merge: sum,
    // A full checkpoint, which drops expired entries, at every window.
    state: new SegmentStateBackend({
      store,
      prefix: 'state/merge',
      ancestors: async () => [],
      retentionMs: 3 * DAY,
      keep: isLastingStateKey,
      fullCheckpointEvery: 1,
    }),
    results: { write: async (written) => (written.forEach((i) => items.set(resultItemId(i), i)), { written: written.length, stale: 0 }) },
    deadLetters: new DeadLetterSink(store, 'merge'),
    ancestors: async () => [],
    horizonMs: 2 * DAY,
    telemetry: silentTelemetry(),
  })
  const HOUR = 3_600_000
  const dec1 = Date.UTC(2026, 11, 1)
  let state: KinesisWindowEvent['state'] = {}
  let n = 0
  const flush = async (arrival: number, partials: Array<[key: string, start: number]>) => {
    n++
    const accumulators = partials.map(([key, start]) => ({
      id: `shardId-000000000001:${seq(1)}-${seq(n)}`,
      key,
      window: { start, end: start + 60_000 },
      accumulator: [1, 0, 0],
    }))
    const data = encode(packPartials(accumulators, 'shardId-000000000001')[0]?.[0])
    const window = { start: String(n), end: String(n + 1) }
    ;({ state } = await handler({
      shardId: 'shardId-000000000000',
      window,
      state,
      Records: [record(n, data, arrival)],
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    }))
    ;({ state } = await handler({ shardId: 'shardId-000000000000', window, state, Records: [], isFinalInvokeForWindow: true, isWindowTerminatedEarly: false }))
  }
  await flush(dec1 + 12 * HOUR, [
    ['q', dec1 + 10 * HOUR],
    ['q', dec1 + 11 * HOUR],
  ])
  // Other keys keep the stage busy for four days: the quiet key's hour and day entries expire.
  for (let d = 2; d <= 5; d++) await flush(dec1 + d * DAY, [['busy', dec1 + d * DAY - HOUR]])
  await flush(dec1 + 5 * DAY + 10 * HOUR, [['q', dec1 + 5 * DAY + 9 * HOUR]])
  t.same(items.get(`hour|q|${dec1 + 11 * HOUR}`), { kind: 'hour', key: 'q', start: dec1 + 11 * HOUR, periods: { '0': [1, 0, 0] } }, 'the last hour stored')
  t.same(items.get(`day|q|${dec1}`), { kind: 'day', key: 'q', start: dec1, hours: { '10': [1, 0, 0], '11': [1, 0, 0] } }, 'its day holds both hours')
  const head = items.get('head|q')
  t.same(
    head?.kind === 'head' && head.head,
    { hour: dec1 + 5 * DAY + 9 * HOUR, periods: { '0': [1, 0, 0] }, hours: {}, days: { '0': [2, 0, 0] } },
    'the month so far holds that day',
  )
})
