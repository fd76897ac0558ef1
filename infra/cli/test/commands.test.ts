// Every command of the root package.json, spawned as `npm run` spawns it (tsx): `--help` prints its
// usage and exits 0, an unknown option and a bad value each give one line naming it and exit 2.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../../', import.meta.url))

interface Outcome {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

async function spawnCli(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import=tsx', script, ...args], { cwd: root, env: { ...process.env, ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const COMMANDS = [
  {
    name: 'start',
    script: 'infra/local/src/main.ts',
    usage: /Usage: npm start[\s\S]*SDP_DATA_DIR[\s\S]*Example:/,
    bad: { args: ['now'], line: /start: Unexpected argument 'now'/ },
  },
  {
    name: 'query',
    script: 'infra/local/src/lake/queryCli.ts',
    usage: /Usage: npm run query[\s\S]*--format[\s\S]*default table[\s\S]*SDP_DATA_DIR[\s\S]*Example:/,
    bad: { args: ['--format', 'xml', 'select 1'], line: /query: --format must be one of table, csv, json, got 'xml'/ },
  },
  {
    name: 'compact',
    script: 'infra/local/src/lake/compactCli.ts',
    usage: /Usage: npm run compact[\s\S]*COMPACTION_GRACE_SECONDS[\s\S]*Example:/,
    bad: { args: ['now'], line: /compact: Unexpected argument 'now'/ },
  },
  {
    name: 'bench',
    script: 'benchmarks/src/run.ts',
    usage: /Usage: npm run bench[\s\S]*--quick[\s\S]*--only[\s\S]*Example:/,
    bad: { args: ['--only', 'nope'], line: /bench: --only must name known suites .*got 'nope'/ },
  },
  {
    name: 'load',
    script: 'benchmarks/src/load/main.ts',
    usage: /Usage: npm run load[\s\S]*--rate[\s\S]*default 100[\s\S]*AWS_REGION[\s\S]*Example:/,
    bad: { args: ['--url', 'http://127.0.0.1:1', '--rate', 'fast'], line: /load: --rate must be a number .*got 'fast'/ },
  },
  {
    name: 'example',
    script: 'examples/nexmark/exampleCli.ts',
    usage: /Usage: npm run example -- <q5\|q7\|q8\|q11>[\s\S]*--events N[\s\S]*default 400[\s\S]*Example:/,
    bad: { args: ['q7', '--seed', 'x'], line: /example: --seed must be a whole number above 0, got 'x'/ },
  },
  {
    name: 'synth',
    script: 'infra/cdk/bin/app.ts',
    usage: /Usage: npm run synth[\s\S]*-c, --context[\s\S]*CDK_OUTDIR[\s\S]*Example:/,
    bad: { args: ['-c', 'windowSeconds=soon'], line: /synth: context windowSeconds must be .*"soon"/ },
  },
] as const

for (const command of COMMANDS) {
  t.test(`npm run ${command.name}: --help, an unknown option, a bad value`, async (t) => {
    // The data directory is never created: nothing may start.
    const env = { SDP_DATA_DIR: t.testdirName, CDK_OUTDIR: t.testdirName }
    const [help, unknown, bad] = await Promise.all([
      spawnCli(command.script, ['--help'], env),
      spawnCli(command.script, ['--no-such-option'], env),
      spawnCli(command.script, command.bad.args, env),
    ])
    t.equal(help.code, 0, help.stderr)
    t.match(help.stdout, command.usage)
    t.equal(help.stderr, '', 'help writes only the usage')
    t.equal(unknown.code, 2)
    t.equal(unknown.stderr, `${command.name}: Unknown option '--no-such-option' (see --help)\n`, 'one line, no stack trace')
    t.equal(unknown.stdout, '')
    t.equal(bad.code, 2)
    t.match(bad.stderr, command.bad.line)
    t.equal(bad.stderr.trimEnd().split('\n').length, 1, 'one line, no stack trace')
    t.equal(bad.stdout, '')
  })
}
