import t from 'tap'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Heartbeat } from '../../src/events/Heartbeat.js'

const beat = { type: 'heartbeat', ts: 1795831445000, shard_id: 'shardId-000000000000' }

t.test('decodes a heartbeat and strips unknown fields', async (t) => {
  const decoded = Heartbeat.decode({ ...beat, seq: 1 })
  t.same(isRight(decoded) && decoded.right, beat)
})

t.test('every field is required', async (t) => {
  for (const field of ['type', 'ts', 'shard_id'] as const) {
    const { [field]: _dropped, ...rest } = beat
    t.ok(isLeft(Heartbeat.decode(rest)), field)
  }
  t.ok(isLeft(Heartbeat.decode({ ...beat, shard_id: '' })), 'shard_id must not be empty')
})
