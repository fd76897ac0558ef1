import t from 'tap'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Impression } from '../../src/events/Impression.js'

t.test('decodes the original README impression and defaults type to "imp"', async (t) => {
  const decoded = Impression.decode({ tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473', win_price: 1 })
  t.same(isRight(decoded) && decoded.right, { type: 'imp', tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473', win_price: 1 })
})

t.test('win_price is required and must be an integer', async (t) => {
  t.ok(isLeft(Impression.decode({ tx_id: 't1' })))
  t.ok(isLeft(Impression.decode({ tx_id: 't1', win_price: 1.5 })))
  t.ok(isLeft(Impression.decode({ tx_id: 't1', win_price: '1' })))
})

t.test('rejects a type other than "imp"', async (t) => {
  t.ok(isLeft(Impression.decode({ tx_id: 't1', win_price: 1, type: 'impression' })))
})
