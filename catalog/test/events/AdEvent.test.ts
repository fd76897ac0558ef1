import t from 'tap'
import fc from 'fast-check'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { AdEvent } from '../../src/events/AdEvent.js'
import { bid, click, impression } from '../_helpers/arbitraries.js'

t.test('decodes each event type by its type', async (t) => {
  fc.assert(
    fc.property(fc.oneof(bid({ type: true }), impression({ type: true }), click({ type: true })), (event) => {
      const decoded = AdEvent.decode(event)
      return isRight(decoded) && decoded.right.type === event.type
    }),
  )
  t.pass('every generated event decoded with its own type')
})

t.test('requires type: the union never guesses', async (t) => {
  t.ok(isLeft(AdEvent.decode({ tx_id: 't1', app_uid: 'a', campaign_item_id: 1 })))
  t.ok(isLeft(AdEvent.decode({ type: 'heartbeat', tx_id: 't1' })))
})

t.test('a type that does not match the fields is an error', async (t) => {
  t.ok(isLeft(AdEvent.decode({ type: 'imp', tx_id: 't1', app_uid: 'a', campaign_item_id: 1 })), 'imp needs win_price')
})
