// The root README's tutorial, run: its ```ts tutorial <file>``` blocks are written to a folder of
// the repository as they stand, the job's own test runs, the platform runs the job as `SDP_JOBS`
// would, the "try it" script runs against it, and the README's query of the job's lake table
// answers what was sent.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startSdpPlatform } from '../src/sdpPlatform.js'
import { silentLogger } from '../src/logger.js'
import { runQueryCli } from '../src/lake/runQueryCli.js'
import { TEST_PLATFORM, waitFor } from './_support/harness.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const blocks = [...readme.matchAll(/```ts tutorial (\S+)\n([\s\S]*?)```/g)].map(([, file = '', code = '']) => ({ file, code }))

t.test('the tutorial: write, test and run a job as the README says', async (t) => {
  t.same(
    blocks.map((b) => b.file),
    ['jobs/bidsPerDomain.ts', 'jobs/bidsPerDomain.test.ts', 'jobs/tryIt.ts'],
    'the job, its test and the try-it script',
  )
  // Inside the repository (tap's fixtures), so the blocks' imports of @sdp/* resolve as a user's would.
  const dir = t.testdir()
  for (const { file, code } of blocks) {
    await mkdir(dirname(join(dir, file)), { recursive: true })
    await writeFile(join(dir, file), code)
  }
  const load = (file: string) => import(pathToFileURL(join(dir, file)).href)

  await t.resolves(load('jobs/bidsPerDomain.test.ts'), "the job's test passes")

  const start = /^SDP_JOBS=\.\/(\S+) npm start$/m.exec(readme)?.[1]
  t.equal(start, 'jobs/bidsPerDomain.ts', 'the README starts the job file it wrote')
  const platform = await startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir: join(dir, 'data'),
    logger: silentLogger,
    jobs: [join(dir, start ?? '')],
  })
  t.teardown(() => platform.close())
  await waitFor('/health to answer 200', async () => (await fetch(`${platform.url}/health`)).status === 200, 60_000)
  process.env.SDP_URL = platform.url
  t.teardown(() => delete process.env.SDP_URL)
  await t.resolves(load('jobs/tryIt.ts'), 'the try-it script gets the results it expects')

  const sql = /npm run query -- "([^"]+)"/.exec(readme.slice(readme.indexOf('## Write, test, run and deploy')))?.[1] ?? ''
  t.match(sql, /from parquet_job_bids_per_domain/)
  const query = async () => {
    let out = ''
    const code = await runQueryCli(['--format', 'json', sql], { SDP_DATA_DIR: join(dir, 'data') }, { stdout: (s) => (out += s), stderr: () => undefined })
    return code === 0 ? (JSON.parse(out) as Array<{ key: string; bids: string }>) : []
  }
  await waitFor('the lake table to hold the bids', async () => (await query()).some((r) => r.key === 'news.example'), 30_000)
  t.same(
    (await query()).map((r) => [r.key, JSON.parse(r.bids) as unknown]),
    [
      ['news.example', 2],
      ['sports.example', 1],
    ],
    'the README query answers the bids per domain',
  )
})
