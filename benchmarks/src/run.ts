// `npm run bench [-- --quick] [-- --only engine,lake]`: runs the suites, writes
// benchmarks/results/<name>.json per result and regenerates benchmarks/RESULTS.md.
import { mkdir, writeFile } from 'node:fs/promises'
import { runCommand, UsageError } from '@sdp/infra/cli'
import { machineInfo } from './harness/machine.js'
import type { BenchmarkResult, BenchmarkSuite } from './harness/BenchmarkResult.js'
import { writeResultsTable } from './harness/writeResultsTable.js'
import { engineSuite } from './suites/engine.js'
import { lakeSuite } from './suites/lake.js'
import { localE2eSuite } from './suites/localE2e.js'
import { reportsApiSuite } from './suites/reportsApi.js'
import { costModelSuite } from './suites/cost.js'
import { modelSuite } from './suites/model.js'
import { chaosSuite } from './suites/chaos.js'
import { sqlSuite } from './suites/sql.js'

const SUITES: BenchmarkSuite[] = [engineSuite, lakeSuite, localE2eSuite, reportsApiSuite, costModelSuite, modelSuite, chaosSuite, sqlSuite]
const resultsDir = new URL('../results/', import.meta.url)

const BENCH_COMMAND = {
  name: 'bench',
  options: { quick: { type: 'boolean' }, only: { type: 'string' } },
  usage: `Usage: npm run bench [-- --quick] [-- --only <suite,...>]

Runs the benchmark suites, writes benchmarks/results/<name>.json per result and regenerates
benchmarks/RESULTS.md. Record numbers on a quiet machine.

  --quick          a smoke run: small sizes, nothing written              [default off]
  --only <names>   comma-separated suites: ${SUITES.map((s) => s.name).join(', ')}   [default all]
  -h, --help       this text

Environment: none of its own (the suites start their own local services).

Example:
  npm run bench -- --quick --only engine,lake
`,
} as const

process.exitCode = await runCommand(BENCH_COMMAND, process.argv.slice(2), async ({ values }) => {
  const quick = values.quick === true
  const only = values.only?.split(',')
  const unknown = only?.filter((n) => !SUITES.some((s) => s.name === n)) ?? []
  if (unknown.length > 0) throw new UsageError(`--only must name known suites (${SUITES.map((s) => s.name).join(', ')}), got '${unknown.join(',')}'`)
  const machine = machineInfo()
  console.log(`machine: ${JSON.stringify(machine)}${quick ? ' (quick mode: smoke run, numbers not recorded)' : ''}`)
  await mkdir(resultsDir, { recursive: true })
  for (const suite of SUITES.filter((s) => !only || only.includes(s.name))) {
    for (const r of await suite.run({ quick })) {
      const result: BenchmarkResult = { ...r, quick, machine, ranAt: new Date().toISOString() }
      const verdict = result.targets.map((t) => `${t.metric} ${t.op} ${t.value}: ${t.met ? 'met' : 'NOT MET'}`).join('; ')
      console.log(`${result.name}: ${JSON.stringify(result.metrics)}${verdict ? ` — ${verdict}` : ''}`)
      // A quick run is a smoke test on whatever machine CI has: it never overwrites recorded numbers.
      if (!quick) await writeFile(new URL(`${result.name}.json`, resultsDir), JSON.stringify(result, null, 2) + '\n')
    }
  }
  if (!quick) await writeResultsTable(resultsDir, new URL('../RESULTS.md', import.meta.url))
})
