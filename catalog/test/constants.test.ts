import t from 'tap'
import { isRight } from 'fp-ts/lib/Either.js'
import { HEARTBEAT_TYPE, INGEST_EVENT_TYPES, STREAM_EVENT_TYPES, STREAM_RECORD_TYPES, type StreamRecordType } from '../src/constants.js'
import { StreamRecord } from '../src/events/StreamRecord.js'
import { parseStreamRecord } from '../src/validation/parseStreamRecord.js'
import { validateEvent } from '../src/validation/validateEvent.js'

// A minimal valid record of every type the constants list: a type added to them without a schema
// (or to a schema without the constants) fails to compile here or fails below.
const SAMPLES: Record<StreamRecordType, Record<string, unknown>> = {
  bid: { type: 'bid', tx_id: 't1', app_uid: 'a', campaign_item_id: 1, ts: 1 },
  imp: { type: 'imp', tx_id: 't1', win_price: 1, ts: 2 },
  click: { type: 'click', tx_id: 't1', ts: 3 },
  location: { type: 'location', app_uid: 'a', longitude: 2.35, latitude: 48.85, ts: 5 },
  heartbeat: { type: HEARTBEAT_TYPE, ts: 4, shard_id: 'shardId-000000000000' },
}

t.test('every record type the constants list is one the stream parser and the codec accept', async (t) => {
  for (const type of STREAM_RECORD_TYPES) {
    const parsed = parseStreamRecord(SAMPLES[type])
    t.ok(parsed.ok && parsed.event.type === type, `parseStreamRecord reads a ${type}`)
    t.ok(isRight(StreamRecord.decode(SAMPLES[type])), `StreamRecord decodes a ${type}`)
  }
})

t.test('every event type is one ingest validates, and the heartbeat is not an event', async (t) => {
  for (const type of INGEST_EVENT_TYPES) {
    const validated = validateEvent(SAMPLES[type])
    t.ok(validated.ok && validated.event.type === type, `validateEvent accepts a ${type}`)
  }
  t.notOk((STREAM_EVENT_TYPES as readonly string[]).includes(HEARTBEAT_TYPE), 'heartbeats are never counted')
  t.same(validateEvent(SAMPLES.heartbeat), {
    ok: false,
    errors: [{ field: 'type', message: `must be one of ${INGEST_EVENT_TYPES.map((type) => `"${type}"`).join(', ')}` }],
  })
})

t.test('a type outside the constants is refused by the parser and the validator', async (t) => {
  t.notOk(parseStreamRecord({ ...SAMPLES.click, type: 'conversion' }).ok)
  t.notOk(validateEvent({ ...SAMPLES.click, type: 'conversion' }).ok)
  t.notOk(isRight(StreamRecord.decode({ ...SAMPLES.click, type: 'conversion' })))
})
