import t from 'tap'
import { isJobDataset, jobLakeTable } from '../../src/index.js'
import { lakeObjectKey } from '../../src/lake/lakeKeys.js'
import { InvalidArgumentError } from '../../src/errors.js'

t.test("a job's lake table: a name SQL takes unquoted, under parquet/job_<name>/, by window start", async (t) => {
  const table = jobLakeTable('Nexmark-q7')
  t.match(table, { name: 'parquet_job_nexmark_q7', dataset: 'job_nexmark_q7', format: 'parquet', timeColumn: 'window_start' })
  t.same(
    table.columns.map((c) => `${c.name}:${c.type}`),
    ['key:string', 'window_start:int64', 'window_end:int64', 'value:string', 'revision:string'],
  )
  t.equal(lakeObjectKey(table, { dt: '2026-12-07', hour: '06' }, 'shardId-0-1-2'), 'parquet/job_nexmark_q7/dt=2026-12-07/hour=06/shardId-0-1-2.parquet')
  t.same(jobLakeTable('nexmark_q7'), table, 'the folder name gives the same table back')
  t.ok(isJobDataset(table.dataset))
  t.notOk(isJobDataset('aggregates'))
  t.notOk(isJobDataset('job_'))
  t.throws(() => jobLakeTable('a b'), new InvalidArgumentError(`job name must be 1-63 letters, digits, '-' or '_', got "a b"`))
  t.throws(() => jobLakeTable(''), InvalidArgumentError)
})
