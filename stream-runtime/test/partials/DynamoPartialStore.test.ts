import t from 'tap'
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { DynamoPartialStore, partialStoreTableDefinition } from '../../src/partials/DynamoPartialStore.js'
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
