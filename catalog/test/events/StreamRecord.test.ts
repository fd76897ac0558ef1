import t from 'tap'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { StreamRecord } from '../../src/events/StreamRecord.js'

t.test('stream records need type and ts', async (t) => {
  t.ok(isRight(StreamRecord.decode({ type: 'click', tx_id: 't1', ts: 1 })))
  t.ok(isLeft(StreamRecord.decode({ type: 'click', tx_id: 't1' })), 'ts is stamped at ingest, so it must be there')
  t.ok(isLeft(StreamRecord.decode({ tx_id: 't1', ts: 1 })), 'type is required')
})

t.test('heartbeats are stream records too', async (t) => {
  const decoded = StreamRecord.decode({ type: 'heartbeat', ts: 1, shard_id: 'shardId-000000000001' })
  t.same(isRight(decoded) && decoded.right, { type: 'heartbeat', ts: 1, shard_id: 'shardId-000000000001' })
})
