import t from 'tap'
import { validateRecord } from '../../src/validation/validateRecord.js'
import { Aggregation } from '../../src/aggregates/Aggregation.js'
import { Heartbeat } from '../../src/events/Heartbeat.js'

t.test('returns the decoded value with unknown fields stripped', async (t) => {
  t.same(validateRecord(Heartbeat, { type: 'heartbeat', ts: 1, shard_id: 's', x: 1 }), {
    ok: true,
    value: { type: 'heartbeat', ts: 1, shard_id: 's' },
  })
})

t.test('names every bad field of any catalog codec', async (t) => {
  t.same(validateRecord(Aggregation, { campaign_item_id: '1', period: 0, bids: -1, imps: 0.5 }), {
    ok: false,
    errors: [
      { field: 'campaign_item_id', message: 'must be an integer' },
      { field: 'bids', message: 'must not be negative' },
      { field: 'imps', message: 'must be an integer' },
      { field: 'clicks', message: 'is required' },
    ],
  })
  t.same(validateRecord(Aggregation, 'row'), { ok: false, errors: [{ field: '$', message: 'must be a JSON object' }] })
})
