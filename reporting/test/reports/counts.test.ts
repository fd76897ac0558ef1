import t from 'tap'
import { rates } from '../../src/reports/counts.js'

t.test('rates: win rate and CTR, null without a denominator', async (t) => {
  t.same(rates({ bids: 4, imps: 2, clicks: 1 }), { win_rate: 0.5, ctr: 0.5 })
  t.same(rates({ bids: 0, imps: 0, clicks: 0 }), { win_rate: null, ctr: null })
  t.same(rates({ bids: 3, imps: 0, clicks: 0 }), { win_rate: 0, ctr: null })
})
