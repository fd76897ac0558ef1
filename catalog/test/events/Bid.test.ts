import t from 'tap'
import fc from 'fast-check'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Bid } from '../../src/events/Bid.js'
import { bid } from '../_helpers/arbitraries.js'

const readme = {
  tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473',
  domain: 'www.google.com',
  app_uid: 'e582f2a0-3e2b-4066-a2a3-dc5867953d0d',
  campaign_item_id: 1463517,
  creative_id: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
  creative_category: 'testCreativeCategory',
}

t.test('decodes the original README bid and defaults type to "bid"', async (t) => {
  const decoded = Bid.decode(readme)
  t.ok(isRight(decoded))
  if (isRight(decoded)) t.same(decoded.right, { ...readme, type: 'bid' })
})

t.test('accepts type "bid" and rejects any other type', async (t) => {
  t.ok(isRight(Bid.decode({ ...readme, type: 'bid' })))
  for (const type of ['imp', 'click', 'heartbeat', null, 1]) t.ok(isLeft(Bid.decode({ ...readme, type })), String(type))
})

t.test('strips unknown fields', async (t) => {
  const decoded = Bid.decode({ ...readme, referrer: 'x', ts: 5 })
  t.same(isRight(decoded) && decoded.right, { ...readme, type: 'bid', ts: 5 })
})

t.test('campaign_item_id must be an integer; win_price may be any finite number', async (t) => {
  t.ok(isLeft(Bid.decode({ ...readme, campaign_item_id: 1.5 })))
  t.ok(isLeft(Bid.decode({ ...readme, campaign_item_id: '1463517' })))
  t.ok(isLeft(Bid.decode({ ...readme, campaign_item_id: 2 ** 53 })), 'unsafe integers are refused')
  t.ok(isRight(Bid.decode({ ...readme, win_price: 1 })))
  t.ok(isRight(Bid.decode({ ...readme, win_price: 0.25 })))
  t.ok(isLeft(Bid.decode({ ...readme, win_price: Number.POSITIVE_INFINITY })))
})

t.test('every generated valid bid decodes to itself with type "bid"', async () => {
  fc.assert(
    fc.property(bid(), (b) => {
      const decoded = Bid.decode(b)
      return isRight(decoded) && decoded.right.type === 'bid' && decoded.right.tx_id === b.tx_id
    }),
  )
})
