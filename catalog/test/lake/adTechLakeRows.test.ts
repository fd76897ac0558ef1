import t from 'tap'
import { adTechLakeRows } from '../../src/index.js'

t.test('ad-tech outputs become rows of the four Parquet tables', async (t) => {
  const rows = adTechLakeRows(
    [
      { event: { type: 'imp', tx_id: 't1', win_price: 3, ts: 2000 }, contributions: [] },
      {
        event: { type: 'bid', tx_id: 't1', app_uid: 'a', campaign_item_id: 7, ts: 1000 },
        contributions: [
          { campaign: 7, kind: 'bid', ts: 1000, bidTs: 1000 },
          { campaign: 7, kind: 'imp', ts: 2000, bidTs: 1000, winPrice: 3 },
        ],
      },
      { event: { type: 'click', tx_id: 't1', ts: 3000 }, contributions: [{ campaign: 7, kind: 'click', ts: 3000, bidTs: 1000 }] },
    ],
    [{ id: 'shardId-0:1-3', key: 7, window: { start: 0, end: 60_000 }, accumulator: [1, 1, 1] }],
  )
  t.equal(rows.bcns?.length, 3, 'each distinct event once')
  t.same(rows.impressions, [{ type: 'imp', tx_id: 't1', win_price: 3, ts: 2000, campaign_item_id: 7, bid_ts: 1000 }])
  t.same(rows.clicks, [{ type: 'click', tx_id: 't1', ts: 3000, campaign_item_id: 7, bid_ts: 1000 }])
  t.same(rows.aggregates, [{ campaign_item_id: 7, period: 0, bids: 1, imps: 1, clicks: 1, partial_id: 'shardId-0:1-3' }])
})
