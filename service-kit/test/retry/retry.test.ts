import t from 'tap'
import { Backoff, backoffDelay, putUntilAccepted, retry, retryPending, type RetryPolicy } from '../../src/index.js'

/** Controls that never wait: pauses are recorded, the clock moves by each pause. */
function fakeTime(random = () => 0.5) {
  const pauses: number[] = []
  let clock = 1_000
  return {
    pauses,
    controls: {
      random,
      now: () => clock,
      sleep: async (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted()
        pauses.push(ms)
        clock += ms
      },
    },
  }
}

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 }

t.test('backoffDelay: full jitter below a doubling ceiling, capped', async (t) => {
  t.same(
    [1, 2, 3, 4, 60].map((n) => backoffDelay(n, policy, () => 0.999999)),
    [99, 199, 299, 299, 299],
  )
  t.equal(
    backoffDelay(3, policy, () => 0),
    0,
  )
})

t.test('retry: retries thrown errors up to maxAttempts, then rethrows the last', async (t) => {
  const { pauses, controls } = fakeTime()
  let calls = 0
  await t.rejects(
    retry(
      async (n) => {
        calls++
        throw new Error(`boom ${n}`)
      },
      policy,
      controls,
    ),
    { message: 'boom 5' },
  )
  t.equal(calls, 5)
  t.same(pauses, [50, 100, 150, 150], 'four pauses at half the capped ceiling')
})

t.test('retry: resolves as soon as an attempt succeeds', async (t) => {
  const { pauses, controls } = fakeTime()
  t.equal(
    await retry(
      async (n) => {
        if (n < 3) throw new Error('not yet')
        return n
      },
      policy,
      controls,
    ),
    3,
  )
  t.equal(pauses.length, 2)
})

t.test('retry: a non-retryable error is rethrown at once', async (t) => {
  const { pauses, controls } = fakeTime()
  let calls = 0
  const fatal = Object.assign(new Error('no such stream'), { name: 'ResourceNotFoundException' })
  await t.rejects(
    retry(
      async () => {
        calls++
        throw fatal
      },
      policy,
      { ...controls, isRetryable: (e) => (e as Error).name !== 'ResourceNotFoundException' },
    ),
    fatal,
  )
  t.equal(calls, 1)
  t.same(pauses, [])
})

t.test('retry: no retry starts past the deadline', async (t) => {
  const { pauses, controls } = fakeTime(() => 0.999)
  let calls = 0
  await t.rejects(
    retry(
      async () => {
        calls++
        throw new Error('down')
      },
      { maxAttempts: Infinity, baseDelayMs: 100, maxDelayMs: 1000, deadlineMs: 1000 },
      controls,
    ),
  )
  t.same(pauses, [99, 199, 399], 'the next pause (799) would end past the deadline')
  t.equal(calls, 4)
})

t.test('abort: a signal stops the loop during or before a wait', async (t) => {
  const controller = new AbortController()
  let calls = 0
  const sleeping = retry(
    async () => {
      calls++
      if (calls === 2) controller.abort(new Error('stopping'))
      throw new Error('down')
    },
    { maxAttempts: Infinity, baseDelayMs: 10, maxDelayMs: 10 },
    { signal: controller.signal, sleep: async (_ms, signal) => signal?.throwIfAborted() },
  )
  await t.rejects(sleeping, { message: 'stopping' })
  t.equal(calls, 2)
  const aborted = AbortSignal.abort(new Error('already'))
  await t.rejects(new Backoff(policy, { signal: aborted }).pause(), { message: 'already' })
})

t.test('abort: the real sleep of node:timers/promises ends at once when the signal aborts', async (t) => {
  const controller = new AbortController()
  const pause = new Backoff({ maxAttempts: 2, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 }, { signal: controller.signal, random: () => 0.9 }).pause()
  controller.abort()
  await t.rejects(pause, { name: 'AbortError' })
})

t.test('retryPending and putUntilAccepted: resend only what is left; report what is still left', async (t) => {
  const { pauses, controls } = fakeTime()
  const sent: number[][] = []
  const left = await putUntilAccepted(
    [1, 2, 3, 4],
    async (batch) => {
      sent.push([...batch])
      return batch.map((n) => n % 2 === 0 && sent.length < 3)
    },
    policy,
    controls,
  )
  t.same(sent, [
    [1, 2, 3, 4],
    [2, 4],
    [2, 4],
  ])
  t.same(left, [])
  t.equal(pauses.length, 2)
  const stuck = await retryPending(async () => ['x'], { ...policy, maxAttempts: 3 }, controls)
  t.same(stuck, ['x'], 'after the last attempt the pending work is returned')
})

t.test('a broken policy is refused', async (t) => {
  t.throws(() => new Backoff({ maxAttempts: 0, baseDelayMs: 1, maxDelayMs: 1 }), RangeError)
  t.throws(() => new Backoff({ maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 1 }), { message: /baseDelayMs <= maxDelayMs/ })
  t.throws(() => new Backoff({ maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: -1 }), { message: /deadlineMs/ })
})
