import t from 'tap'
import { retryWithBackoff } from '../../src/retry/retryWithBackoff.js'

t.test('retries while work is pending, and returns what is left after the last attempt', async (t) => {
  const seen: number[] = []
  t.equal(await retryWithBackoff(async (n) => (seen.push(n), n < 3 ? ['x'] : []), { baseMs: 1 }), undefined, 'done on the third try')
  t.same(seen, [1, 2, 3])
  let calls = 0
  t.same(await retryWithBackoff(async () => (calls++, ['a', 'b']), { attempts: 4, baseMs: 1 }), ['a', 'b'], 'still pending')
  t.equal(calls, 4, 'exactly the attempts asked for')
  t.equal(await retryWithBackoff(async () => undefined), undefined, 'nothing to do: one call')
  await t.rejects(retryWithBackoff(async () => Promise.reject(new Error('boom'))), /boom/, 'a thrown error is not retried here: the SDK retries calls')
})
