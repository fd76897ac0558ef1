import t from 'tap'
import { readPlatformEnv } from '../src/config.js'
import { ConfigError } from '../src/errors.js'

t.test('defaults match the public interface', async (t) => {
  t.same(readPlatformEnv({}), {
    port: 3000,
    dataDir: './.sdp-data',
    windowSeconds: 5,
    freshContainers: false,
    deliverTwice: false,
    jobs: [],
  })
})

t.test('reads every variable', async (t) => {
  t.same(
    readPlatformEnv({
      PORT: '0',
      SDP_DATA_DIR: '/tmp/x',
      SDP_WINDOW_SECONDS: '2',
      SDP_FRESH_CONTAINERS: '1',
      SDP_DELIVER_TWICE: 'true',
      SDP_JOBS: ' ./a.ts, ./b.ts ,',
    }),
    { port: 0, dataDir: '/tmp/x', windowSeconds: 2, freshContainers: true, deliverTwice: true, jobs: ['./a.ts', './b.ts'] },
  )
})

t.test('bad values name the variable and the rule', async (t) => {
  t.throws(() => readPlatformEnv({ PORT: 'abc' }), new ConfigError('PORT must be a whole number from 0 to 65535, got "abc"'))
  t.throws(() => readPlatformEnv({ PORT: '70000' }), /PORT must be a whole number/)
  t.throws(() => readPlatformEnv({ SDP_WINDOW_SECONDS: '0' }), /SDP_WINDOW_SECONDS must be a whole number from 1 to 900/)
  t.throws(() => readPlatformEnv({ SDP_WINDOW_SECONDS: '1.5' }), /SDP_WINDOW_SECONDS/)
  t.throws(() => readPlatformEnv({ SDP_WINDOW_SECONDS: '901' }), /SDP_WINDOW_SECONDS/)
  t.equal(readPlatformEnv({ SDP_DATA_DIR: ' ' }).dataDir, './.sdp-data', 'blank is unset: the default')
  t.throws(() => readPlatformEnv({ SDP_DELIVER_TWICE: 'yes' }), /SDP_DELIVER_TWICE must be 1\/true or 0\/false/)
  t.throws(
    () => readPlatformEnv({ PORT: 'x', SDP_WINDOW_SECONDS: '0', SDP_FAULTS: 'x=1' }),
    { message: /^3 settings are wrong: PORT .*; SDP_WINDOW_SECONDS .*; SDP_FAULTS has an unknown key 'x'/ },
    'every bad variable at once',
  )
  t.throws(() => readPlatformEnv({ SDP_FAULTS: 'firehose=0.1' }), /SDP_FAULTS has an unknown key 'firehose'/)
  t.throws(() => readPlatformEnv({ SDP_FAULTS: 's3=2' }), /SDP_FAULTS rate of 's3' must be a number from 0 to 1, not '2'/)
})

t.test('SDP_FAULTS turns the fault proxy on', async (t) => {
  t.same(readPlatformEnv({ SDP_FAULTS: 's3=0.05,reset=0.01,seed=7' }).faults, { rates: { s3: 0.05, dynamodb: 0, kinesis: 0 }, reset: 0.01, seed: 7 })
  t.equal(readPlatformEnv({}).faults, undefined)
})
