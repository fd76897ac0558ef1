import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { isRight } from 'fp-ts/lib/Either.js'
import { parseStreamRecord } from '../../src/validation/parseStreamRecord.js'
import { StreamRecord } from '../../src/events/StreamRecord.js'
import { sameRecord, streamCandidate } from '../_helpers/arbitraries.js'

t.test('accepts exactly what the StreamRecord codec accepts, and returns the same record', async (t) => {
  const seen = { accepted: 0, rejected: 0 }
  const agree = (value: unknown) => {
    const parsed = parseStreamRecord(value)
    const decoded = StreamRecord.decode(value)
    if (parsed.ok !== isRight(decoded)) return false
    seen[parsed.ok ? 'accepted' : 'rejected']++
    return !parsed.ok || (isRight(decoded) && sameRecord(parsed.event, decoded.right))
  }
  fc.assert(fc.property(streamCandidate, agree), { numRuns: 3000 })
  // the stream only ever sees what JSON.parse returns: check the round-tripped values too
  fc.assert(
    fc.property(streamCandidate, (value) => {
      const text = JSON.stringify(value)
      return text === undefined || agree(JSON.parse(text))
    }),
    { numRuns: 3000 },
  )
  t.ok(seen.accepted > 1000 && seen.rejected > 1000, `both sides are exercised (${seen.accepted} accepted, ${seen.rejected} rejected)`)
})

t.test('names the first bad field in the reason', async (t) => {
  const bid = { type: 'bid', tx_id: 't1', app_uid: 'a', campaign_item_id: 1, ts: 1 }
  t.same(parseStreamRecord({ ...bid, campaign_item_id: 1.5 }), { ok: false, reason: 'campaign_item_id must be an integer' })
  t.same(parseStreamRecord({ ...bid, tx_id: '' }), { ok: false, reason: 'tx_id must not be empty' })
  t.same(parseStreamRecord({ ...bid, tx_id: 'x'.repeat(257) }), {
    ok: false,
    reason: 'tx_id must be at most 256 characters (the Kinesis partition-key limit)',
  })
  t.same(parseStreamRecord({ ...bid, ts: undefined }), { ok: false, reason: 'ts is required' })
  t.same(parseStreamRecord({ ...bid, domain: null }), { ok: false, reason: 'domain must be a string' })
  t.same(parseStreamRecord({ tx_id: 't1' }), { ok: false, reason: 'type is required' })
  t.same(parseStreamRecord({ ...bid, type: 'toString' }), {
    ok: false,
    reason: 'type must be one of "bid", "imp", "click", "location", "heartbeat"',
  })
  for (const value of [null, [], 'bid', 5]) {
    t.same(parseStreamRecord(value), { ok: false, reason: 'record must be a JSON object' }, JSON.stringify(value))
  }
})

t.test('strips unknown fields and keeps the known ones', async (t) => {
  t.same(parseStreamRecord({ type: 'click', tx_id: 't1', ts: 7, referrer: 'x' }), {
    ok: true,
    event: { type: 'click', tx_id: 't1', ts: 7 },
  })
  t.same(parseStreamRecord({ type: 'heartbeat', ts: 7, shard_id: 'shardId-000000000001', n: 1 }), {
    ok: true,
    event: { type: 'heartbeat', ts: 7, shard_id: 'shardId-000000000001' },
  })
})

t.test('reads the records of the shared Kinesis fixture', async (t) => {
  const url = new URL('../../../test-support/fixtures/kinesis-tumbling-window-event.json', import.meta.url)
  const fixture = JSON.parse(readFileSync(url, 'utf8')) as { Records: { kinesis: { data: string } }[] }
  const results = fixture.Records.map((r) => {
    const text = Buffer.from(r.kinesis.data, 'base64').toString('utf8')
    try {
      return parseStreamRecord(JSON.parse(text))
    } catch {
      return { ok: false as const, reason: 'not JSON' }
    }
  })
  t.same(
    results.map((r) => (r.ok ? r.event.type : r.reason)),
    ['bid', 'click', 'imp', 'not JSON'],
  )
})
