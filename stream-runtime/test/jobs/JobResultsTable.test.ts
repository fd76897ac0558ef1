import t from 'tap'
import { JobResultsTable } from '../../src/jobs/JobResultsTable.js'
import { resultsTableDefinition } from '../../src/merge/ResultsTable.js'
import { resultVersion } from '../../src/merge/resultKeys.js'
import { startDynamo } from '../../../test-support/localServices.js'

const item = (key: string | number, windowStart: number, value: unknown, job = 'j') => ({
  job,
  key,
  windowStart,
  windowEnd: windowStart + 10,
  value: value as never,
})

t.test('job results over dynalite: versioned writes, one key per query, by window start', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.createTable(resultsTableDefinition('sdp-job-results'))
  const table = new JobResultsTable({ dynamodb: ddb.dynamodb, tableName: 'sdp-job-results', concurrency: 2 })

  t.same(
    await table.write(
      [item(1, 0, { n: 1 }), item(1, 10, { n: 2 }), item(1, 20, { n: 3 }), item('b', 0, 'x'), item(1, 0, 'other job', 'k')],
      resultVersion(0, '5'),
    ),
    {
      written: 5,
      stale: 0,
    },
  )
  t.same(await table.write([item(1, 0, { n: 9 }), item(1, 10, { n: 7 })], resultVersion(0, '3')), { written: 0, stale: 2 }, 'an older version changes nothing')
  t.same(await table.write([item(1, 10, { n: 4 })], resultVersion(1, '1')), { written: 1, stale: 0 }, 'a child shard writes over its parent')

  t.same(await table.query('j', { key: '1' }), [
    { key: 1, windowStart: 0, windowEnd: 10, value: { n: 1 } },
    { key: 1, windowStart: 10, windowEnd: 20, value: { n: 4 } },
    { key: 1, windowStart: 20, windowEnd: 30, value: { n: 3 } },
  ])
  t.same(
    (await table.query('j', { key: '1', from: 10, to: 30, desc: true })).map((r) => r.windowStart),
    [20, 10],
    'windows starting in [from, to), newest first',
  )
  t.same(await table.query('j', { key: '1', from: 20, to: 20 }), [], 'an empty range')
  t.same(await table.query('j', { key: 'nope' }), [])
  t.same(await table.query('k', { key: '1' }), [{ key: 1, windowStart: 0, windowEnd: 10, value: 'other job' }], 'jobs share the table, not their items')
})
