import t from 'tap'
import fc from 'fast-check'
import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import { chunks, putRecords, type PutRetry } from '../../src/kinesis/putRecords.js'
import { awsError, FakeKinesis } from '../_helpers/fakeKinesis.js'

const THROTTLED = 'ProvisionedThroughputExceededException'
const record = (key: string, bytes = 10): PutRecordsRequestEntry => ({ PartitionKey: key, Data: Buffer.alloc(bytes) })
const records = (n: number) => Array.from({ length: n }, (_, i) => record(`k${i}`))

function retry(overrides: Partial<PutRetry> = {}): PutRetry & { slept: number[] } {
  const slept: number[] = []
  return { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.5, sleep: async (ms) => void slept.push(ms), slept, ...overrides }
}

t.test('retries only the failed entries, with growing jittered backoff', async (t) => {
  // call 1: k1 throttled, k3 internal failure; call 2: k3 throttled again; call 3: all written
  const kinesis = new FakeKinesis((call, keys) =>
    keys.map((k) => (call === 1 && k === 'k1' ? THROTTLED : k === 'k3' && call <= 2 ? (call === 1 ? 'InternalFailure' : THROTTLED) : undefined)),
  )
  const options = retry()
  const outcome = await putRecords(kinesis, 's', records(5), options)
  t.same(outcome, { decision: 'written', notWritten: [], causes: [], calls: 3 })
  t.same(kinesis.calls, [['k0', 'k1', 'k2', 'k3', 'k4'], ['k1', 'k3'], ['k3']])
  t.same(options.slept, [50, 100], 'full jitter under 100 ms, then 200 ms (random() = 0.5)')
})

t.test('persistent throttling stops after maxAttempts and names what was not written', async (t) => {
  const kinesis = new FakeKinesis((_, keys) => keys.map((k) => (k === 'k2' || k === 'k4' ? THROTTLED : undefined)))
  const options = retry()
  const outcome = await putRecords(kinesis, 's', records(6), options)
  t.same(outcome, { decision: 'throttled', notWritten: [2, 4], causes: [THROTTLED], calls: 4 })
  t.equal(options.slept.length, 3, 'sleeps between attempts, not after the last')
  t.same(options.slept, [50, 100, 125], 'the ceiling stops at maxDelayMs')
})

t.test('persistent internal failures are "unavailable"; other entry codes are not retried and "failed"', async (t) => {
  const internal = await putRecords(new FakeKinesis((_, keys) => keys.map(() => 'InternalFailure')), 's', records(2), retry({ maxAttempts: 2 }))
  t.match(internal, { decision: 'unavailable', notWritten: [0, 1], calls: 2 })
  const odd = new FakeKinesis((_, keys) => keys.map((k) => (k === 'k0' ? 'KMSAccessDeniedException' : k === 'k1' ? THROTTLED : undefined)))
  const failed = await putRecords(odd, 's', records(3), retry({ maxAttempts: 2 }))
  t.match(failed, { decision: 'failed', notWritten: [0, 1] })
  t.same(odd.calls, [['k0', 'k1', 'k2'], ['k1']], 'the refused entry is not sent again')
})

t.test('a throttled call is retried whole; another thrown error stops at once', async (t) => {
  const throttledOnce = new FakeKinesis((call, keys) => {
    if (call === 1) throw awsError(THROTTLED, 'client')
    return keys.map(() => undefined)
  })
  t.match(await putRecords(throttledOnce, 's', records(3), retry()), { decision: 'written', calls: 2 })

  const missing = new FakeKinesis(() => {
    throw awsError('ResourceNotFoundException', 'client')
  })
  t.same(await putRecords(missing, 's', records(2), retry()), {
    decision: 'failed',
    notWritten: [0, 1],
    causes: ['ResourceNotFoundException'],
    calls: 1,
  })
  const down = new FakeKinesis(() => {
    throw awsError('InternalFailureException', 'server')
  })
  t.match(await putRecords(down, 's', records(2), retry()), { decision: 'unavailable', calls: 1 })
})

t.test('splits calls at 500 entries and 5 MiB', async (t) => {
  const sizes = (indexes: number[], rs: PutRecordsRequestEntry[]) => [...chunks(indexes, rs)].map((c) => c.length)
  t.same(sizes([...Array(1201).keys()], records(1201)), [500, 500, 201])
  const big = Array.from({ length: 6 }, (_, i) => record(`b${i}`, 1024 * 1024 - 10))
  t.same(sizes([...Array(6).keys()], big), [5, 1], 'five records of just under 1 MiB per call')
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 1024 * 1024 - 256 }), { maxLength: 700 }), (lengths) => {
      const rs = lengths.map((n, i) => record(`k${i}`, n))
      const parts = [...chunks([...rs.keys()], rs)]
      const bytes = (c: number[]) => c.reduce((sum, i) => sum + (rs[i]?.Data?.length ?? 0) + `k${i}`.length, 0)
      return parts.flat().every((v, i) => v === i) && parts.every((c) => c.length <= 500 && bytes(c) <= 5 * 1024 * 1024)
    }),
    { numRuns: 50 },
  )
})
