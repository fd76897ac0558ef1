import t from 'tap'
import { ConfigError, duration, flag, int, list, number, oneOf, optional, positiveNumber, readEnv, refine, string } from '../../src/index.js'

const problemOf = (setting: { read(raw: string | undefined): { ok: boolean; problem?: string } }, raw: string | undefined) => {
  const result = setting.read(raw)
  return result.ok ? undefined : (result as { problem: string }).problem
}

t.test('string: trimmed, required without a default, the default when unset or blank', async (t) => {
  t.same(readEnv({ S: '  sdp-events ' }, { s: string('S') }), { s: 'sdp-events' })
  t.same(readEnv({ S: ' ' }, { s: string('S', { default: 'x' }) }), { s: 'x' })
  t.equal(problemOf(string('S', { describe: 'the stream' }), undefined), 'is required (the stream)')
})

t.test('int: whole numbers within bounds, min 1 unless told', async (t) => {
  t.same(readEnv({ N: '42' }, { n: int('N', { max: 100 }) }), { n: 42 })
  t.same(readEnv({}, { n: int('N', { default: 7 }) }), { n: 7 })
  t.equal(problemOf(int('N'), '0'), 'must be a whole number >= 1, got "0"')
  t.equal(problemOf(int('N', { min: 1, max: 900 }), '901'), 'must be a whole number from 1 to 900, got "901"')
  t.equal(problemOf(int('N'), '1.5'), 'must be a whole number >= 1, got "1.5"')
  t.equal(problemOf(int('N', { min: 0, max: 65535 }), 'abc'), 'must be a whole number from 0 to 65535, got "abc"')
  t.same(int('N', { min: -5 }).read('-3'), { ok: true, value: -3 })
})

t.test('number and positiveNumber: decimals, exclusive minimum', async (t) => {
  t.same(readEnv({ A: '0.05', B: '1e-3' }, { a: number('A', { min: 0, max: 1 }), b: positiveNumber('B') }), { a: 0.05, b: 0.001 })
  t.equal(problemOf(positiveNumber('B'), '0'), 'must be a number > 0, got "0"')
  t.equal(problemOf(number('A', { min: 0, max: 1 }), '1.5'), 'must be a number from 0 to 1, got "1.5"')
  t.equal(problemOf(number('A'), 'NaN'), 'must be a number, got "NaN"')
})

t.test('flag: 1/true/0/false in any case, off when unset', async (t) => {
  t.same(readEnv({ A: 'TRUE', B: '0', C: '1' }, { a: flag('A'), b: flag('B'), c: flag('C'), d: flag('D') }), { a: true, b: false, c: true, d: false })
  t.equal(problemOf(flag('A'), 'yes'), 'must be 1/true or 0/false, got "yes"')
})

t.test('oneOf, list, optional and refine', async (t) => {
  t.same(readEnv({ L: 'WARN' }, { l: oneOf('L', ['INFO', 'WARN'] as const) }), { l: 'WARN' })
  t.equal(problemOf(oneOf('L', ['INFO', 'WARN']), 'LOUD'), 'must be one of INFO, WARN, got "LOUD"')
  t.same(readEnv({ X: ' a, b ,,c ' }, { x: list('X') }), { x: ['a', 'b', 'c'] })
  t.equal(problemOf(list('X'), ' , '), 'must list at least one item, got ","')
  t.same(readEnv({}, { o: optional(string('O')) }), { o: undefined })
  t.equal(problemOf(optional(int('O')), 'x'), 'must be a whole number >= 1, got "x"')
  const holdout = refine(int('H', { min: 0, default: 10 }), (n) => n !== 1, '0 (none) or a whole number >= 2')
  t.equal(problemOf(holdout, '1'), 'must be 0 (none) or a whole number >= 2, got "1"')
  t.same(holdout.read('0'), { ok: true, value: 0 })
})

t.test('duration: whole units in, milliseconds out; zero only when allowed', async (t) => {
  t.same(readEnv({ S: '5', H: '72' }, { s: duration('S', { unit: 'seconds' }), h: duration('H', { unit: 'hours' }) }), { s: 5000, h: 72 * 3_600_000 })
  t.same(readEnv({}, { m: duration('M', { unit: 'minutes', default: 2 }) }), { m: 120_000 })
  t.same(duration('Z', { unit: 'seconds', min: 0 }).read('0'), { ok: true, value: 0 })
  t.equal(problemOf(duration('S', { unit: 'seconds' }), '0'), 'must be a whole number of seconds >= 1, got "0"')
})

t.test('every problem is collected into one ConfigError naming each variable', async (t) => {
  const spec = {
    stream: string('STREAM_NAME', { describe: 'the Kinesis stream' }),
    max: int('MAX_BODY_BYTES'),
    fresh: flag('SDP_FRESH'),
    ok: int('FINE', { default: 3 }),
  }
  const error = t.throws(() => readEnv({ MAX_BODY_BYTES: '-1', SDP_FRESH: 'maybe' }, spec)) as ConfigError
  t.ok(error instanceof ConfigError)
  t.equal(error.name, 'ConfigError')
  t.same(
    error.problems.map((p) => p.variable),
    ['STREAM_NAME', 'MAX_BODY_BYTES', 'SDP_FRESH'],
  )
  t.equal(
    error.message,
    '3 settings are wrong: STREAM_NAME is required (the Kinesis stream); MAX_BODY_BYTES must be a whole number >= 1, got "-1"; SDP_FRESH must be 1/true or 0/false, got "maybe"',
  )
  t.throws(() => readEnv({}, { s: string('STREAM_NAME') }), { message: 'STREAM_NAME is required' }, 'one problem reads as one sentence')
})
