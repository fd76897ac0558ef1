import t from 'tap'
import fc from 'fast-check'
import { checkEvent } from '../../src/validation/checkEvent.js'
import { MAX_FUTURE_SKEW_MS } from '../../src/constants.js'

const NOW = 1_795_831_442_000

t.test('stamps ts with the clock only when it is absent', async (t) => {
  t.same(checkEvent({ tx_id: 't' }, 'click', NOW), { ok: true, event: { type: 'click', tx_id: 't', ts: NOW } })
  t.same(checkEvent({ tx_id: 't', ts: 5 }, 'click', NOW), { ok: true, event: { type: 'click', tx_id: 't', ts: 5 } })
})

t.test('a ts is accepted up to exactly 5 minutes ahead of the clock', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: NOW + 2 * MAX_FUTURE_SKEW_MS }),
      (ts) => checkEvent({ tx_id: 't', ts }, 'click', NOW).ok === ts <= NOW + MAX_FUTURE_SKEW_MS,
    ),
  )
})

t.test('a future ts is reported beside the other bad fields, once', async (t) => {
  t.same(checkEvent({ type: 'imp', tx_id: '', win_price: 1, ts: NOW + 3_600_000 }, undefined, NOW), {
    ok: false,
    errors: [
      { field: 'tx_id', message: 'must not be empty' },
      { field: 'ts', message: `must not be more than 5 minutes ahead of the server clock (now ${NOW})` },
    ],
  })
  t.same(checkEvent({ tx_id: 't', ts: 2 ** 60 }, 'click', NOW), {
    ok: false,
    errors: [{ field: 'ts', message: 'must be a safe integer (at most 2^53 - 1 in magnitude)' }],
  })
})
