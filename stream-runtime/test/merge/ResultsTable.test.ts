import t from 'tap'
import { ResultsTable, resultsTableDefinition } from '../../src/merge/ResultsTable.js'
import { resultVersion } from '../../src/merge/resultKeys.js'
import { slotOf } from '../../src/exchange/partialBuckets.js'
import { startDynamo } from '../../../test-support/localServices.js'

const HOUR = 3_600_000

t.test('results table over dynalite', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.createTable(resultsTableDefinition('sdp-results'))
  const table = new ResultsTable({ dynamodb: ddb.dynamodb, tableName: 'sdp-results' })

  t.test('a write lands unless the item holds a newer version; an equal version rewrites', async (t) => {
    const v = (n: number, gen = 0) => resultVersion(gen, String(n))
    const totals = (value: number[], lastPeriod: number) => ({
      kind: 'directory' as const,
      slot: slotOf('7'),
      entries: { '7': [value, lastPeriod] as [number[], number] },
    })
    t.same(await table.write([totals([5, 1, 0], 60_000)], v(10)), { written: 1, stale: 0 })
    t.same(await table.write([totals([3, 0, 0], 0)], v(9)), { written: 0, stale: 1 }, 'a late retry of an earlier batch')
    t.same(await table.totals('7'), { key: '7', value: [5, 1, 0], lastPeriod: 60_000 })
    t.same(await table.write([totals([5, 1, 0], 60_000)], v(10)), { written: 1, stale: 0 }, 'a replay')
    t.same(await table.write([totals([6, 1, 0], 60_000)], v(1, 1)), { written: 1, stale: 0 }, 'a child shard after a reshard wins with any sequence number')
    t.same((await table.totals('7'))?.value, [6, 1, 0])
    t.equal(await table.totals('nothing'), undefined)
  })

  t.test('hours and days by range, the head with days and hours by start (past a BatchGetItem of 100), the directory by Query', async (t) => {
    const version = resultVersion(0, '1')
    const hours = Array.from({ length: 150 }, (_, i) => ({ kind: 'hour' as const, key: '8', start: i * HOUR, periods: { '0': [i, 0, 0] } }))
    const head = { hour: 150 * HOUR, periods: { '60000': [2, 0, 0] }, hours: { '6': [149, 0, 0] }, days: { '0': [7, 0, 0] } }
    await table.write(
      [
        ...hours,
        { kind: 'day', key: '8', start: 0, hours: { '0': [1, 0, 0] } },
        { kind: 'head', key: '8', head },
        { kind: 'directory', slot: slotOf('8'), entries: { '8': [[1, 0, 0], 0] } },
      ],
      version,
    )
    t.same(
      (await table.hours('8', 10 * HOUR, 12 * HOUR)).map((h) => h.start),
      [10 * HOUR, 11 * HOUR],
      '[from, to)',
    )
    t.same(await table.hours('8', 5, 5), [], 'an empty range')
    const wanted = Array.from({ length: 120 }, (_, i) => i * HOUR).concat([1000 * HOUR])
    const found = await table.itemsAt('8', { head: true, days: [86_400_000, 0], hours: wanted })
    t.same(
      found.hours.map((h) => h.slots['0']),
      wanted.slice(0, 120).map((_, i) => [i, 0, 0]),
      'the 120 hours that exist, in order',
    )
    t.same(found.days, [{ start: 0, slots: { '0': [1, 0, 0] } }], 'the day that exists')
    t.same(found.head, head, 'the head in the same read')
    t.same(await table.head('8'), head)
    t.equal(await table.head('9'), undefined)
    t.same(await table.itemsAt('9', { head: true }), { head: undefined, days: [], hours: [] })
    t.same(await table.days('8', 0, 86_400_000), [{ start: 0, slots: { '0': [1, 0, 0] } }])
    t.same((await table.directory()).map((d) => d.key).sort(), ['7', '8'])
  })
})
