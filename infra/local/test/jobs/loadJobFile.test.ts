import t from 'tap'
import { ConfigError } from '@sdp/service-kit'
import { loadJobFile, loadJobFiles } from '../../src/jobs/loadJobFile.js'
import { parseJobResultsQuery } from '../../src/jobs/jobResultsRoute.js'
import { startSdpPlatform } from '../../src/sdpPlatform.js'

const ENGINE = JSON.stringify(new URL('../../../../aggregation-engine/src/index.ts', import.meta.url).href)
const job = (name: string) => `import { count, defineWindowJob, tumblingWindows } from ${ENGINE}
export default defineWindowJob({ name: '${name}', version: 1, parse: (v) => ({ kind: 'event', event: v }), timestamp: (e) => e.ts, watermark: { bound: 0 }, key: () => 'k', assigner: tumblingWindows({ size: 10 }), aggregate: count() })
`

t.test('a job file exports its job as default or as `job`', async (t) => {
  const dir = t.testdir({ 'a.ts': job('alpha'), 'b.ts': job('beta').replace('export default', 'export const job =') })
  t.same(
    (await loadJobFiles([`${dir}/a.ts`, `${dir}/b.ts`])).map((j) => [j.name, typeof j.job.open]),
    [
      ['alpha', 'function'],
      ['beta', 'function'],
    ],
  )
})

t.test('a file that does not load or exports no job is a ConfigError naming the file and the reason', async (t) => {
  const dir = t.testdir({
    'none.ts': 'export const x = 1\n',
    'throws.ts': "throw new Error('boom')\n",
    'plain.ts': 'export default { name: "p" }\n',
    'raw.ts': "export default { name: 'r', version: 1, parse() {}, open() {} }\n",
    'badname.ts': job('no spaces allowed'),
    'twin.ts': job('alpha'),
    'alpha.ts': job('alpha'),
  })
  const rejects = (files: string[], message: string) => t.rejects(loadJobFiles(files), new ConfigError(message))
  await rejects([`${dir}/missing.ts`], `SDP_JOBS: ${dir}/missing.ts does not exist`)
  await rejects([`${dir}/none.ts`], `SDP_JOBS: ${dir}/none.ts exports no job: give it \`export default defineWindowJob({...})\` (or \`export const job\`)`)
  await rejects([`${dir}/throws.ts`], `SDP_JOBS: ${dir}/throws.ts does not load: boom`)
  await rejects([`${dir}/plain.ts`], `SDP_JOBS: ${dir}/plain.ts export 'default' is not a window job (no name, parse and open)`)
  await rejects([`${dir}/raw.ts`], `SDP_JOBS: ${dir}/raw.ts export 'default' is not built by defineWindowJob (no accumulators to merge its partials)`)
  await t.rejects(loadJobFile(`${dir}/badname.ts`), /has the name 'no spaces allowed': a job name must be/)
  await rejects([`${dir}/alpha.ts`, `${dir}/twin.ts`], `SDP_JOBS: ${dir}/twin.ts defines the job 'alpha', as ${dir}/alpha.ts does: job names must be unique`)
})

const BIDS_PER_MINUTE = `SELECT campaign_item_id, window_start, COUNT(*) AS bids
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, campaign_item_id
`

t.test('a .sql file is compiled into a job named after the file', async (t) => {
  const dir = t.testdir({ 'bids-per-minute.sql': BIDS_PER_MINUTE })
  const [loaded] = await loadJobFiles([`${dir}/bids-per-minute.sql`])
  t.equal(loaded!.name, 'bids-per-minute')
  t.equal(loaded!.job.name, 'bids-per-minute')
  t.equal(typeof loaded!.job.accumulators.merge, 'function')
})

t.test('a bad .sql file stops start-up with a message naming the file and the position', async (t) => {
  const dir = t.testdir({
    'bad.sql': BIDS_PER_MINUTE.replace('COUNT(*)', 'COUNT(*),\n  UPPER(domain)'),
    'typo.sql': 'SELEC 1',
    'no spaces.sql': BIDS_PER_MINUTE,
  })
  await t.rejects(
    loadJobFile(`${dir}/typo.sql`),
    new ConfigError(`SDP_JOBS: ${dir}/typo.sql:1:1: syntax error: 'SELEC' is not valid at this position, expecting a keyword`),
  )
  await t.rejects(loadJobFile(`${dir}/no spaces.sql`), /names the job 'no spaces': a job name must be/)
  const start = startSdpPlatform({ port: 0, dataDir: `${dir}/data`, windowSeconds: 1, jobs: [`${dir}/bad.sql`] })
  await t.rejects(start, new ConfigError(`SDP_JOBS: ${dir}/bad.sql:2:3: not supported: the function UPPER`))
})

t.test('the results query: key required, from/to epoch ms with from <= to, desc true|false', async (t) => {
  t.same(parseJobResultsQuery({ key: '7', from: '0', to: '60000', desc: 'true' }), { key: '7', from: 0, to: 60_000, desc: true })
  t.same(parseJobResultsQuery({ key: 'a' }), { key: 'a', desc: false })
  t.same(parseJobResultsQuery(null), [{ parameter: 'key', message: 'is required: the key whose windows to read' }])
  t.same(parseJobResultsQuery({ key: 'a', from: '-1', to: '1.5', desc: 'yes' }).valueOf(), [
    { parameter: 'from', message: "must be a window start in epoch milliseconds (a non-negative integer), got '-1'" },
    { parameter: 'to', message: "must be a window start in epoch milliseconds (a non-negative integer), got '1.5'" },
    { parameter: 'desc', message: "must be true or false, got 'yes'" },
  ])
  t.same(parseJobResultsQuery({ key: 'a', from: '5', to: '4' }), [{ parameter: 'from', message: 'must not be after to (5 > 4)' }])
})
