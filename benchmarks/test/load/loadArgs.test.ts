import t, { type Test } from 'tap'
import { LoadArgsError, parseLoadArgs, type LoadOptions } from '../../src/load/index.js'

const parse = (...argv: string[]): LoadOptions => {
  const command = parseLoadArgs(argv)
  if (command.help) throw new Error('unexpected help')
  return command.options
}

/** Asserts that `argv` is refused with a `LoadArgsError` whose message matches. */
function rejects(t: Test, argv: string[], message: RegExp) {
  let caught: unknown
  try {
    parseLoadArgs(argv)
  } catch (error) {
    caught = error
  }
  t.ok(caught instanceof LoadArgsError, `${argv.join(' ') || '(nothing)'} is refused`)
  t.match((caught as Error | undefined)?.message ?? '', message)
}

t.test('defaults fill everything but the URL', async (t) => {
  const o = parse('--url', 'http://127.0.0.1:3000/')
  t.equal(o.url, 'http://127.0.0.1:3000', 'trailing slash dropped')
  t.equal(o.reportsUrl, 'http://127.0.0.1:3000/reports/campaigns')
  t.match(o, {
    rate: 100,
    durationSeconds: 30,
    ramp: false,
    noImpFraction: 0.3,
    noClickFraction: 0.5,
    campaigns: 10,
    batch: 1,
    connections: 32,
    drainSeconds: 10,
    verify: true,
    verifyTimeoutSeconds: 120,
    sigv4: false,
    json: false,
  })
  t.equal(o.campaignBase, undefined)
  t.equal(o.seed, undefined)
})

t.test('every option is read', async (t) => {
  const o = parse(
    '--url',
    'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
    '--rate',
    '2500.5',
    '--duration',
    '60',
    '--ramp',
    '--no-imp',
    '0',
    '--no-click',
    '1',
    '--campaigns',
    '500',
    '--campaign-base',
    '1000',
    '--batch',
    '500',
    '--connections',
    '1024',
    '--drain',
    '0',
    '--no-verify',
    '--verify-timeout',
    '300',
    '--reports-url',
    'https://r.example/reports/campaigns',
    '--sigv4',
    '--region',
    'eu-west-1',
    '--seed',
    '42',
    '--json',
  )
  t.match(o, {
    url: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
    rate: 2500.5,
    durationSeconds: 60,
    ramp: true,
    noImpFraction: 0,
    noClickFraction: 1,
    campaigns: 500,
    campaignBase: 1000,
    batch: 500,
    connections: 1024,
    drainSeconds: 0,
    verify: false,
    verifyTimeoutSeconds: 300,
    reportsUrl: 'https://r.example/reports/campaigns',
    sigv4: true,
    region: 'eu-west-1',
    seed: 42,
    json: true,
  })
})

t.test('--help asks for the usage', async (t) => {
  t.same(parseLoadArgs(['--help']), { help: true })
  t.same(parseLoadArgs(['-h', '--rate', 'nonsense']), { help: true }, 'help wins over bad values')
})

t.test('bad values are refused with the option and its rule named', async (t) => {
  rejects(t, [], /--url is required/)
  rejects(t, ['--url', 'localhost:3000'], /--url must be an http\(s\) URL, got 'localhost:3000'/)
  rejects(t, ['--url', 'ftp://x'], /--url must be an http\(s\) URL/)
  rejects(t, ['--url', 'http://x/?a=1'], /must not have a query/)
  rejects(t, ['--url', 'http://x', '--rate', '0'], /--rate must be a number of events per second greater than 0/)
  rejects(t, ['--url', 'http://x', '--rate', 'fast'], /--rate .* got 'fast'/)
  rejects(t, ['--url', 'http://x', '--rate', '1e7'], /--rate .* at most 1000000/)
  rejects(t, ['--url', 'http://x', '--duration', '-5'], /'--duration' argument is ambiguous.*--duration=-/)
  rejects(t, ['--url', 'http://x', '--duration=-5'], /--duration must be a number of seconds greater than 0 and at most 86400, got '-5'/)
  rejects(t, ['--url', 'http://x', '--no-imp', '1.5'], /--no-imp must be a fraction from 0 to 1, got '1.5'/)
  rejects(t, ['--url', 'http://x', '--no-click=-0.1'], /--no-click must be a fraction from 0 to 1, got '-0.1'/)
  rejects(t, ['--url', 'http://x', '--campaigns', '2.5'], /--campaigns must be an integer from 1 to 10000, got '2.5'/)
  rejects(t, ['--url', 'http://x', '--campaigns', '0'], /--campaigns must be an integer from 1/)
  rejects(t, ['--url', 'http://x', '--batch', '501'], /--batch must be an integer from 1 to 500/)
  rejects(t, ['--url', 'http://x', '--connections', '0'], /--connections must be an integer from 1 to 1024/)
  rejects(t, ['--url', 'http://x', '--campaign-base', '999999999999999'], /--campaign-base must be an integer from 0 to 999999999999990/)
  rejects(t, ['--url', 'http://x', '--seed=-1'], /--seed must be an integer from 0 to 4294967295/)
  rejects(t, ['--url', 'http://x', '--verify-timeout', '0'], /--verify-timeout must be a number of seconds greater than 0/)
})

t.test('unknown options and stray words are refused', async (t) => {
  rejects(t, ['--url', 'http://x', '--rps', '5'], /Unknown option '--rps'.*see --help/)
  rejects(t, ['--url', 'http://x', 'extra'], /positional argument.*see --help/)
  rejects(t, ['--url'], /--url.*argument missing|requires a value|argument/i)
})
