import t from 'tap'
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { DynamoPartialStore, partialStoreTableDefinition, type StoredWindow } from '../../src/partials/DynamoPartialStore.js'
import { startDynamo } from '../../../test-support/localServices.js'

t.test('partial writes against dynalite are idempotent and merge by id', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.dynamodb.send(new CreateTableCommand(partialStoreTableDefinition('sdp-partials')))
  const store = new DynamoPartialStore({ dynamodb: ddb.dynamodb, tableName: 'sdp-partials' })
  const w = (start: number) => ({ start, end: start + 60_000 })
  const batch = [
    { id: 's1:1-5', key: 7, window: w(0), accumulator: [2, 1, 0] },
    { id: 's1:1-5', key: 7, window: w(60_000), accumulator: [1, 0, 0] },
    { id: 's2:1-3', key: 7, window: w(0), accumulator: [1, 1, 1] },
    { id: 's1:1-5', key: 8, window: w(0), accumulator: [4, 0, 0] },
  ]
  await store.write(batch)
  await store.write(batch) // a replayed invocation
  await store.write(batch.slice(0, 1)) // a partial retry
  const rows = await store.query('7')
  t.same(
    rows.map((r) => [r.start, r.end, Object.fromEntries(r.partials)]),
    [
      [0, 60_000, { 's1:1-5': [2, 1, 0], 's2:1-3': [1, 1, 1] }],
      [60_000, 120_000, { 's1:1-5': [1, 0, 0] }],
    ],
  )
  t.same((await store.query('7', 0, 0)).length, 1, 'from/to bound the window starts')
  t.same((await store.query('7', undefined, undefined, true)).map((r) => r.start), [60_000, 0], 'descending order')
  t.same(await store.query('unknown'), [])
})

t.test('a scan decodes every window of every key, whole or by segment', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.dynamodb.send(new CreateTableCommand(partialStoreTableDefinition('sdp-partials')))
  const store = new DynamoPartialStore({ dynamodb: ddb.dynamodb, tableName: 'sdp-partials' })
  const w = (start: number) => ({ start, end: start + 60_000 })
  await store.write([
    { id: 's1:1-5', key: 7, window: w(0), accumulator: [2, 1, 0] },
    { id: 's2:1-3', key: 7, window: w(0), accumulator: [1, 1, 1] },
    { id: 's1:1-5', key: 7, window: w(60_000), accumulator: [1, 0, 0] },
    { id: 's1:1-5', key: 'other', window: w(0), accumulator: { n: 4 } },
  ])
  const rows = async (windows: AsyncIterable<StoredWindow>) => {
    const out: Array<[string, number, number, Record<string, unknown>]> = []
    for await (const r of windows) out.push([r.key, r.start, r.end, Object.fromEntries(r.partials)])
    return out.sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1])
  }
  const expected = [
    ['7', 0, 60_000, { 's1:1-5': [2, 1, 0], 's2:1-3': [1, 1, 1] }],
    ['7', 60_000, 120_000, { 's1:1-5': [1, 0, 0] }],
    ['other', 0, 60_000, { 's1:1-5': { n: 4 } }],
  ]
  t.same(await rows(store.scan()), expected)
  const segments = await Promise.all([0, 1, 2].map((index) => rows(store.scan({ index, total: 3 }))))
  t.same(segments.flat().sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]), expected, 'the segments together hold every window once')
})
