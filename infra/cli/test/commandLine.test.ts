import t from 'tap'
import { commandLineOrExit, oneOf, parseCommandLine, runCommand, UsageError, type CommandSpec } from '../src/index.js'

const SPEC = {
  name: 'demo',
  usage: 'Usage: demo [--format f] [--quick] <words>',
  options: { format: { type: 'string' }, quick: { type: 'boolean' } },
  allowPositionals: true,
} as const satisfies CommandSpec<{ format: { type: 'string' }; quick: { type: 'boolean' } }>

const capture = () => {
  const out = { stdout: '', stderr: '' }
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } }
}

t.test('parseCommandLine returns the values and positionals, or help', async (t) => {
  t.same(parseCommandLine(SPEC, ['--format', 'csv', '--quick', 'select', '1']), {
    help: false,
    values: { format: 'csv', quick: true },
    positionals: ['select', '1'],
  })
  t.same(parseCommandLine(SPEC, ['-h']), { help: true })
  t.same(parseCommandLine(SPEC, ['--format', 'csv', '--help']), { help: true })
})

t.test('parseCommandLine refuses what it does not know with one line naming it', async (t) => {
  const refusal = (argv: string[]) => {
    try {
      parseCommandLine(SPEC, argv)
    } catch (error) {
      t.type(error, UsageError)
      return (error as Error).message
    }
    return t.fail(`accepted ${argv.join(' ')}`)
  }
  t.equal(refusal(['--fromat', 'csv']), "Unknown option '--fromat'")
  t.equal(refusal(['-x']), "Unknown option '-x'")
  t.match(refusal(['--format']), /^Option '--format <value>' argument missing$/)
  t.match(refusal(['--quick=yes']), /--quick.*does not take an argument/)
  t.notMatch(refusal(['--nope']), /\n/)
})

t.test('a command without positionals refuses a stray word', async (t) => {
  t.throws(() => parseCommandLine({ ...SPEC, allowPositionals: false }, ['extra']), { name: 'UsageError', message: /Unexpected argument 'extra'/ })
})

t.test('oneOf checks a choice and names the option, the choices and the value', async (t) => {
  t.equal(oneOf('--format', undefined, ['table', 'csv'], 'table'), 'table')
  t.equal(oneOf('--format', 'csv', ['table', 'csv'], 'table'), 'csv')
  t.throws(() => oneOf('--format', 'xml', ['table', 'csv'], 'table'), new UsageError("--format must be one of table, csv, got 'xml'"))
})

t.test('runCommand: help is 0, a usage error one line and 2, else what main returns', async (t) => {
  const help = capture()
  t.equal(await runCommand(SPEC, ['--help'], () => 7, help.io), 0)
  t.equal(help.out.stdout, `${SPEC.usage}\n`)
  const unknown = capture()
  t.equal(await runCommand(SPEC, ['--bogus'], () => 7, unknown.io), 2)
  t.equal(unknown.out.stderr, "demo: Unknown option '--bogus' (see --help)\n")
  t.equal(unknown.out.stdout, '')
  const bad = capture()
  t.equal(await runCommand(SPEC, ['--format', 'xml'], ({ values }) => void oneOf('--format', values.format, ['csv'], 'csv'), bad.io), 2)
  t.equal(bad.out.stderr, "demo: --format must be one of csv, got 'xml' (see --help)\n")
  t.equal(await runCommand(SPEC, ['a'], ({ positionals }) => positionals.length + 6, capture().io), 7)
  t.equal(await runCommand(SPEC, [], () => undefined, capture().io), 0, 'no code means 0')
  await t.rejects(
    runCommand(SPEC, [], () => Promise.reject(new Error('boom')), capture().io),
    { message: 'boom' },
    'other errors propagate',
  )
})

t.test('commandLineOrExit returns the parsed line when it can run', async (t) => {
  t.same(commandLineOrExit(SPEC, ['--quick'], capture().io), { help: false, values: { quick: true }, positionals: [] })
})
