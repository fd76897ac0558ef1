import t from 'tap'
import fc from 'fast-check'
import { formatFaultSpec, parseFaultSpec, readFaultSpec } from '../../src/faults/FaultSpec.js'
import { ConfigError } from '../../src/errors.js'

t.test('parses rates, reset, seed and cover; services left out get 0', async (t) => {
  t.same(parseFaultSpec('s3=0.05,dynamodb=0.05,kinesis=0.03,reset=0.01,seed=7'), {
    rates: { s3: 0.05, dynamodb: 0.05, kinesis: 0.03 },
    reset: 0.01,
    seed: 7,
  })
  t.same(parseFaultSpec(' s3 = 1 , cover=1', 'SDP_FAULTS', 42), { rates: { s3: 1, dynamodb: 0, kinesis: 0 }, reset: 0, seed: 42, cover: true })
})

t.test('a bad value is refused with one message naming the setting and what is wrong', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['firehose=0.1', /SDP_FAULTS has an unknown key 'firehose'/],
    ['s3=1.5', /rate of 's3' must be a number from 0 to 1, not '1.5'/],
    ['s3=-0.1', /rate of 's3' must be a number from 0 to 1/],
    ['s3=abc', /rate of 's3'/],
    ['seed=x', /seed must be an integer from 0 to 4294967295, not 'x'/],
    ['seed=4294967296', /seed must be an integer/],
    ['s3=0.1,s3=0.2', /gives 's3' twice/],
    ['s3', /'s3' is not one/],
    ['s3=0.1,,reset=0.1', /'' is not one/],
    ['cover=2', /cover must be 0 or 1/],
    ['  ', /must not be empty/],
  ]
  for (const [text, message] of cases) t.throws(() => parseFaultSpec(text), { name: ConfigError.name, message }, text)
})

t.test('SDP_FAULTS unset or empty turns faults off; a spec without seed gets one', async (t) => {
  t.equal(readFaultSpec({}), undefined)
  t.equal(readFaultSpec({ SDP_FAULTS: '' }), undefined)
  const spec = readFaultSpec({ SDP_FAULTS: 's3=0.5' })
  t.ok(spec && Number.isInteger(spec.seed) && spec.seed >= 0)
  t.throws(() => readFaultSpec({ SDP_FAULTS: 'sqs=0.1' }), ConfigError)
})

t.test('formatting and parsing again gives the same spec', async () => {
  const rate = fc.double({ min: 0, max: 1, noNaN: true })
  fc.assert(
    fc.property(rate, rate, rate, rate, fc.nat({ max: 0xffff_ffff }), fc.boolean(), (s3, dynamodb, kinesis, reset, seed, cover) => {
      const spec = { rates: { s3, dynamodb, kinesis }, reset, seed, ...(cover ? { cover } : {}) }
      const again = parseFaultSpec(formatFaultSpec(spec))
      return JSON.stringify(again) === JSON.stringify(spec)
    }),
  )
})
