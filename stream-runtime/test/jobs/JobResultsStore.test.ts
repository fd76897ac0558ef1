import t from 'tap'
import fc from 'fast-check'
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { count, defineWindowJob, max, tumblingWindows, type PartialAccumulator } from '@sdp/aggregation-engine'
import { JobResultsStore } from '../../src/jobs/JobResultsStore.js'
import { resultsTableDefinition } from '../../src/merge/ResultsTable.js'
import { startDynamo } from '../../../test-support/localServices.js'

const job = (aggregate: ReturnType<typeof count> | ReturnType<typeof max>) =>
  defineWindowJob({
    name: 'j',
    version: 1,
    parse: () => ({ kind: 'invalid', reason: 'unused' }),
    timestamp: () => 0,
    watermark: { bound: 0 },
    key: () => 'k',
    assigner: tumblingWindows({ size: 10 }),
    aggregate: aggregate as ReturnType<typeof count>,
  })

t.test('job results over dynalite', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.dynamodb.send(new CreateTableCommand(resultsTableDefinition('sdp-job-results')))
  const store = new JobResultsStore({ dynamodb: ddb.dynamodb, tableName: 'sdp-job-results', concurrency: 4 })
  const counting = job(count())
  const p = (id: string, key: string | number, start: number, acc: number): PartialAccumulator => ({
    id,
    key,
    window: { start, end: start + 10 },
    accumulator: acc,
  })

  t.test('each partial is merged once, however often and in whatever order it is written', async () => {
    const partials = [p('s0:1-2', 'a', 0, 2), p('s0:3-4', 'a', 0, 5), p('s1:1-9', 'a', 0, 1), p('s0:3-4', 'a', 10, 7), p('s1:1-9', 'b', 0, 4)]
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: partials.length - 1 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        async (writes, salt) => {
          const name = `once-${salt}-${Math.random()}`
          // Every partial at least once; the writes run concurrently, as shards do.
          await Promise.all(
            [...writes.map((w) => w.map((i) => partials[i]!)), partials].map((batch) => store.mergePartials(name, counting.accumulators, batch)),
          )
          const a = await store.query(name, { key: 'a' })
          const b = await store.query(name, { key: 'b' })
          return (
            JSON.stringify(a.map((r) => [r.windowStart, r.windowEnd, r.value])) ===
              JSON.stringify([
                [0, 10, 8],
                [10, 20, 7],
              ]) &&
            b.length === 1 &&
            b[0]!.value === 4
          )
        },
      ),
      { numRuns: 15 },
    )
  })

  t.test('a query takes windows starting in [from, to), newest first with desc', async (t) => {
    await store.mergePartials(
      'range',
      counting.accumulators,
      [0, 10, 20, 30].map((start) => p(`s0:${start}`, 7, start, start + 1)),
    )
    t.same(
      (await store.query('range', { key: '7', from: 10, to: 30 })).map((r) => r.windowStart),
      [10, 20],
    )
    t.same(
      (await store.query('range', { key: '7', desc: true })).map((r) => [r.key, r.windowStart, r.value]),
      [
        [7, 30, 31],
        [7, 20, 21],
        [7, 10, 11],
        [7, 0, 1],
      ],
    )
    t.same(await store.query('range', { key: '7', from: 30, to: 30 }), [])
    t.same(await store.query('range', { key: 'unknown' }), [])
  })

  t.test("values are the aggregate's results, e.g. a max", async (t) => {
    const highest = job(max())
    await store.mergePartials('max', highest.accumulators, [p('s0:1', 'k', 0, 3), p('s1:1', 'k', 0, 9), p('s0:2', 'k', 0, 4)])
    t.same((await store.query('max', { key: 'k' }))[0]?.value, 9)
  })

  t.test('emitted results are stored as they are; a later firing of the window replaces it', async (t) => {
    const r = (value: number, firing: 'on-time' | 'late') => ({ key: 'u', window: { start: 100, end: 118 }, value, firing, watermark: 0 })
    await store.putEmitted('sessions', [r(2, 'on-time')])
    await store.putEmitted('sessions', [r(3, 'late')])
    t.same(await store.query('sessions', { key: 'u' }), [{ key: 'u', windowStart: 100, windowEnd: 118, value: 3 }])
  })
})
