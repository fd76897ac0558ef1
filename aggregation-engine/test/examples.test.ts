// The README's examples, run: their outputs are what the README says they are.
import t from 'tap'
import { campaignCounts } from '../examples/campaignCounts.js'
import { meanWinPrice } from '../examples/meanWinPrice.js'

t.test('campaign counts: the original README order (bid, click, impression) counts all three', async (t) => {
  const tx = '44db4cf3-c372-4f7c-8443-9d2a1e725473'
  const results = campaignCounts(
    [
      { type: 'bid', tx_id: tx, campaign_item_id: 1463517, ts: 1_000 },
      { type: 'click', tx_id: tx, ts: 3_000 },
      { type: 'imp', tx_id: tx, ts: 2_000 },
      { type: 'bid', tx_id: 'other', campaign_item_id: 1463517, ts: 61_000 },
    ],
    200_000,
  )
  t.same(results, [
    { campaign: 1463517, window: { start: 0, end: 60_000 }, bids: 1, imps: 1, clicks: 1 },
    { campaign: 1463517, window: { start: 60_000, end: 120_000 }, bids: 1, imps: 0, clicks: 0 },
  ])
})

t.test('mean win price per domain in sliding windows', async (t) => {
  const { results, late } = meanWinPrice(
    [
      { domain: 'a.com', win_price: 10, ts: 30_000 },
      { domain: 'a.com', win_price: 20, ts: 90_000 },
    ],
    660_000,
  )
  const a = results.filter((r) => r.domain === 'a.com')
  t.equal(a.length, 11, 'one result per window containing an impression')
  t.same(a.find((r) => r.start === 0), { domain: 'a.com', start: 0, mean: 15, firing: 'on-time' })
  t.same(late, [])
})
