import t from 'tap'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { assertDistinctJobTables, localJobTables } from '../../src/jobs/localJobTables.js'

t.test('the lake tables of the jobs that wrote results: one per parquet/job_<name>/ folder', async (t) => {
  const s3Directory = t.testdir()
  t.same(await localJobTables({ s3Directory, bucket: 'sdp-lake' }), [], 'no bucket yet: none')
  const parquet = join(s3Directory, 'sdp-lake', 'parquet')
  for (const folder of ['bcns', 'job_nexmark_q7', 'job_bids_per_domain', 'job_']) await mkdir(join(parquet, folder), { recursive: true })
  await writeFile(join(parquet, 'job_file'), '')
  t.same(
    (await localJobTables({ s3Directory, bucket: 'sdp-lake' })).map((table) => table.name),
    ['parquet_job_bids_per_domain', 'parquet_job_nexmark_q7'],
    'job folders only, by name',
  )
})

t.test('two jobs whose names give one lake table are refused, naming both', async (t) => {
  t.doesNotThrow(() => assertDistinctJobTables(['q7', 'q5', 'bids-per-domain']))
  t.throws(() => assertDistinctJobTables(['q7', 'bids-per-domain', 'Bids_per_domain']), {
    message: "SDP_JOBS: the jobs 'bids-per-domain' and 'Bids_per_domain' would share the lake table parquet_job_bids_per_domain: rename one",
  })
})
