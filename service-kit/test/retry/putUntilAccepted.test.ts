import t from 'tap'
import { putUntilAccepted } from '../../src/index.js'

const noWait = { sleep: async () => {} }
const policy = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 }

t.test('sends again only what was refused, until all is accepted or the attempts run out', async (t) => {
  const calls: string[][] = []
  // refuses 'b' twice and 'c' once; an answer missing for an entry counts as refused
  const refusals = new Map([
    ['b', 2],
    ['c', 1],
  ])
  const send = async (pending: readonly string[]) => {
    calls.push([...pending])
    return pending.map((e) => {
      const left = refusals.get(e) ?? 0
      refusals.set(e, left - 1)
      return left > 0
    })
  }
  t.same(await putUntilAccepted(['a', 'b', 'c'], send, policy, noWait), [])
  t.same(calls, [['a', 'b', 'c'], ['b', 'c'], ['b']])
  t.same(
    await putUntilAccepted(['x', 'y'], async () => [false], { ...policy, maxAttempts: 1 }, noWait),
    ['y'],
    'a missing answer is a refusal, left after the last attempt',
  )
  let sent = 0
  t.same(await putUntilAccepted([], async () => (sent++, [])), [], 'nothing to send: no call')
  t.equal(sent, 0)
})
