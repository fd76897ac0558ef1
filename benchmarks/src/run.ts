// `npm run bench [-- --quick] [-- --only engine,lake]`: runs the suites, writes
// benchmarks/results/<name>.json per result and regenerates benchmarks/RESULTS.md.
import { mkdir, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
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

const SUITES: BenchmarkSuite[] = [engineSuite, lakeSuite, localE2eSuite, reportsApiSuite, costModelSuite, modelSuite, chaosSuite]
const resultsDir = new URL('../results/', import.meta.url)

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } })
const only = values.only?.split(',')
const unknown = only?.filter((n) => !SUITES.some((s) => s.name === n)) ?? []
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`)
  process.exit(2)
}
const machine = machineInfo()
console.log(`machine: ${JSON.stringify(machine)}${values.quick ? ' (quick mode: smoke run, numbers not recorded)' : ''}`)
await mkdir(resultsDir, { recursive: true })
for (const suite of SUITES.filter((s) => !only || only.includes(s.name))) {
  for (const r of await suite.run({ quick: values.quick })) {
    const result: BenchmarkResult = { ...r, quick: values.quick, machine, ranAt: new Date().toISOString() }
    const verdict = result.targets.map((t) => `${t.metric} ${t.op} ${t.value}: ${t.met ? 'met' : 'NOT MET'}`).join('; ')
    console.log(`${result.name}: ${JSON.stringify(result.metrics)}${verdict ? ` — ${verdict}` : ''}`)
    // A quick run is a smoke test on whatever machine CI has: it never overwrites recorded numbers.
    if (!values.quick) await writeFile(new URL(`${result.name}.json`, resultsDir), JSON.stringify(result, null, 2) + '\n')
  }
}
if (!values.quick) await writeResultsTable(resultsDir, new URL('../RESULTS.md', import.meta.url))
