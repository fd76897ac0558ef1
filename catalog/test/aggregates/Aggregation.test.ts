import t from 'tap'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Aggregation } from '../../src/aggregates/Aggregation.js'

const row = { campaign_item_id: 1463517, period: 1795831440000, bids: 3, imps: 1, clicks: 0 }

t.test('decodes an aggregation row', async (t) => {
  const decoded = Aggregation.decode({ ...row, extra: true })
  t.same(isRight(decoded) && decoded.right, row)
})

t.test('counts are non-negative integers and every field is required', async (t) => {
  t.ok(isLeft(Aggregation.decode({ ...row, bids: -1 })))
  t.ok(isLeft(Aggregation.decode({ ...row, imps: 0.5 })))
  const { clicks: _clicks, ...noClicks } = row
  t.ok(isLeft(Aggregation.decode(noClicks)))
})
