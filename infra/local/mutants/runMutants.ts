// `npm run test:mutants [-- --only name,…] [--single-attempt] [--skip-clean-run]`: applies each mutant of mutants.ts in turn to the
// working tree, runs the fault-mode e2e test against it, and restores the file whatever happens
// (also on Ctrl-C). Every mutant must be killed (the test fails). Slow: one e2e run per mutant,
// plus one unmutated run first, which must pass. CI does not run it.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MUTANTS, type Mutant } from './mutants.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const TEST = 'infra/local/test/e2e/faults.test.ts'
// `--single-attempt`: one SDK attempt per call, so a fault fails the call itself and what the write
// path does next (retry, or swallow) decides the outcome. With the SDK's three attempts a call
// rarely fails whole and a swallowed error can go unseen; but with one attempt the platform falls
// so far behind that the unmutated test may miss its deadlines on a busy machine.
const RUN_ENV: Record<string, string> = process.argv.includes('--single-attempt') ? { AWS_MAX_ATTEMPTS: '1' } : {}

/** Originals of the files being mutated, put back on exit however it comes. */
const originals = new Map<string, string>()
const restoreAll = () => {
  for (const [file, text] of originals) writeFileSync(file, text)
  originals.clear()
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    restoreAll()
    process.exit(130)
  })
}
process.on('exit', restoreAll)

/** Runs the e2e test; resolves with its exit code and the tail of its output. */
function runTest(env: Readonly<Record<string, string>>): Promise<{ code: number; tail: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tap', '--disable-coverage', '--reporter=terse', TEST], {
      cwd: ROOT,
      env: { ...process.env, ...RUN_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let tail = ''
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-3_000))
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', (code) => resolve({ code: code ?? 1, tail }))
  })
}

/** Applies `mutant`, runs the test, restores the file. */
async function tryMutant(mutant: Mutant): Promise<{ killed: boolean; seconds: number; tail: string }> {
  const file = `${ROOT}${mutant.file}`
  const text = readFileSync(file, 'utf8')
  const at = text.indexOf(mutant.from)
  if (at < 0 || text.indexOf(mutant.from, at + 1) >= 0)
    throw new Error(`mutant ${mutant.name}: its text must occur exactly once in ${mutant.file} (found ${at < 0 ? 'none' : 'several'}); update mutants.ts`)
  originals.set(file, text)
  writeFileSync(file, text.slice(0, at) + mutant.to + text.slice(at + mutant.from.length))
  const started = performance.now()
  try {
    const { code, tail } = await runTest(mutant.env ?? {})
    return { killed: code !== 0, seconds: Math.round((performance.now() - started) / 1000), tail }
  } finally {
    restoreAll()
  }
}

const onlyArg = process.argv.indexOf('--only')
const only = onlyArg >= 0 ? process.argv[onlyArg + 1]?.split(',') : undefined
const unknown = only?.filter((n) => !MUTANTS.some((m) => m.name === n)) ?? []
if (unknown.length > 0) {
  console.error(`--only must name mutants of mutants.ts (${MUTANTS.map((m) => m.name).join(', ')}), got '${unknown.join(',')}'`)
  process.exit(2)
}
const chosen = MUTANTS.filter((m) => !only || only.includes(m.name))

if (!process.argv.includes('--skip-clean-run')) {
  // Each environment the chosen mutants run in must pass unmutated first, or its kills mean nothing.
  const envs = new Map(chosen.map((m) => [JSON.stringify(m.env ?? {}), m.env ?? {}]))
  for (const [name, env] of envs) {
    console.log(`unmutated: running ${TEST} with ${name} …`)
    const clean = await runTest(env)
    if (clean.code !== 0) {
      console.error(`the unmutated test fails with ${name}, so no mutant can be judged:\n${clean.tail}`)
      process.exit(1)
    }
    console.log(`unmutated: passes with ${name}`)
  }
}
const survivors: string[] = []
for (const mutant of chosen) {
  const result = await tryMutant(mutant)
  console.log(`${result.killed ? 'killed  ' : 'SURVIVED'} ${mutant.name} (${mutant.path}, ${result.seconds} s)`)
  if (!result.killed) survivors.push(mutant.name)
}
console.log(`${chosen.length - survivors.length} of ${chosen.length} mutants killed${survivors.length ? `; survived: ${survivors.join(', ')}` : ''}`)
process.exitCode = survivors.length === 0 ? 0 : 1
