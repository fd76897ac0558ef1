// `npm run example -- <query>` end to end: the platform with the job, generated events, the
// results against the oracle, the exit code.
import t from 'tap'
import { exampleCli } from '../exampleCli.js'
import { NEXMARK_EXAMPLES, diffResults } from '../nexmarkExamples.js'
import { runNexmarkExample } from '../runNexmarkExample.js'

function capture() {
  const out = { stdout: '', stderr: '' }
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } }
}

t.test('q7 runs on the platform and its results equal the oracle: printed, exit 0', async (t) => {
  const { out, io } = capture()
  t.equal(await exampleCli(['q7', '--events', '200', '--seed', '3'], io), 0, out.stderr)
  const rows = out.stdout.split('\n').filter((l) => l.startsWith('all\t'))
  t.ok(rows.length >= 2, `a row per 10-second window (${rows.length})`)
  for (const row of rows) t.match(row, /^all\t\d{4}-\d\d-\d\dT[\d:.]+Z\t\{"bids":\[.+\],"price":\d+\}$/)
  t.match(out.stdout, /nexmark-q7: \d+ windows, equal to the oracle\n$/)
})

t.test('results that differ from the oracle are listed and exit 1', async (t) => {
  const q7 = NEXMARK_EXAMPLES.q7!
  // An oracle one off on every price: the real results settle, and differ from it.
  const wrong = {
    ...q7,
    expected: (events: Parameters<typeof q7.expected>[0]) =>
      new Map([...q7.expected(events)].map(([k, v]) => [k, { ...(v as object), price: (v as { price: number }).price + 1 }])),
  }
  const { out, io } = capture()
  t.equal(await runNexmarkExample(wrong, { events: 150, seed: 5, pollMs: 200 }, io), 1)
  t.match(out.stderr, /nexmark-q7: the results differ from the oracle\n {2}different all\|\d+: expected \{.*"price":\d+\}, got \{.*"price":\d+\}/)
})

t.test('bad arguments: one line naming what is wrong and exit 2, nothing started', async (t) => {
  for (const [args, line] of [
    [[], "example: the query must be one of q5, q7, q8, q11, got '' (see --help)\n"],
    [['q9'], "example: the query must be one of q5, q7, q8, q11, got 'q9' (see --help)\n"],
    [['q7', '--events', '0'], "example: --events must be a whole number above 0, got '0' (see --help)\n"],
    [['q7', 'q5'], "example: Unexpected argument 'q5' (see --help)\n"],
  ] as const) {
    const { out, io } = capture()
    t.equal(await exampleCli(args, io), 2, args.join(' '))
    t.equal(out.stderr, line)
    t.equal(out.stdout, '')
  }
})

t.test('the diff names missing, unexpected and different windows', async (t) => {
  const expected = new Map<string, unknown>([
    ['a|0', { n: 1, m: 2 }],
    ['b|0', 2],
  ])
  t.same(
    diffResults(
      expected,
      new Map<string, unknown>([
        ['a|0', { m: 2, n: 1 }],
        ['c|0', 1],
      ]),
    ),
    { missing: ['b|0'], unexpected: ['c|0'], different: [] },
    'field order does not matter',
  )
  t.same(
    diffResults(
      expected,
      new Map<string, unknown>([
        ['a|0', { n: 2, m: 2 }],
        ['b|0', 2],
      ]),
    ).different,
    [{ window: 'a|0', expected: { n: 1, m: 2 }, got: { n: 2, m: 2 } }],
  )
})
