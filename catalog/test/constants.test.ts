import t from 'tap'
import { HEARTBEAT_TYPE, STREAM_EVENT_TYPES, STREAM_RECORD_TYPES, TX_ID_MAX_LENGTH } from '../src/constants.js'

t.test('the stream carries the three ad event types and the heartbeat', async (t) => {
  t.same(STREAM_EVENT_TYPES, ['bid', 'imp', 'click'])
  t.same(STREAM_RECORD_TYPES, ['bid', 'imp', 'click', HEARTBEAT_TYPE])
})

t.test('tx_id is capped at the Kinesis partition-key limit', async (t) => {
  t.equal(TX_ID_MAX_LENGTH, 256)
})
