import t from 'tap'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Click } from '../../src/events/Click.js'
import { TX_ID_MAX_LENGTH } from '../../src/constants.js'

t.test('decodes the original README click and defaults type to "click"', async (t) => {
  const decoded = Click.decode({ tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473' })
  t.same(isRight(decoded) && decoded.right, { type: 'click', tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473' })
})

t.test('tx_id is non-empty and at most 256 characters', async (t) => {
  t.ok(isRight(Click.decode({ tx_id: 'x'.repeat(TX_ID_MAX_LENGTH) })))
  t.ok(isLeft(Click.decode({ tx_id: 'x'.repeat(TX_ID_MAX_LENGTH + 1) })))
  t.ok(isLeft(Click.decode({ tx_id: '' })))
  t.ok(isLeft(Click.decode({})))
})

t.test('ts is optional epoch milliseconds: a non-negative integer', async (t) => {
  t.ok(isRight(Click.decode({ tx_id: 't1', ts: 0 })))
  t.ok(isRight(Click.decode({ tx_id: 't1', ts: 1795831443000 })))
  for (const ts of [-1, 1.5, '1795831443000', null]) t.ok(isLeft(Click.decode({ tx_id: 't1', ts })), String(ts))
})
