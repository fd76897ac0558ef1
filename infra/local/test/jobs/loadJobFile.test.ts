import t from 'tap'
import { ConfigError } from '@sdp/service-kit'
import { loadJobFile, loadJobFiles } from '../../src/jobs/loadJobFile.js'
import { parseJobResultsQuery } from '../../src/jobs/jobResultsRoute.js'

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
