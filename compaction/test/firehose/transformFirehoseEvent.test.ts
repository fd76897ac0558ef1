import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { transformFirehoseEvent } from '../../src/firehose/transformFirehoseEvent.js'
import { transformStreamRecord } from '../../src/firehose/transformStreamRecord.js'
import type { FirehoseTransformationEvent } from '../../src/firehose/types.js'

const fixture = JSON.parse(
  readFileSync(new URL('../../../test-support/fixtures/firehose-transformation-event.json', import.meta.url), 'utf8'),
) as FirehoseTransformationEvent
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64')
const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8')

t.test('the fixture: the bid is Ok with its partition keys, the undecodable record fails with a reason', async (t) => {
  const { response, refused, counts } = transformFirehoseEvent(fixture)
  t.same(
    response.records.map((r) => r.recordId),
    fixture.records.map((r) => r.recordId),
    'every recordId echoed, in order',
  )
  const [ok, bad] = response.records
  t.equal(ok?.result, 'Ok')
  t.same(ok?.metadata, { partitionKeys: { dt: '2026-11-28', hour: '02' } })
  const line = decode(ok?.data ?? '')
  t.ok(line.endsWith('\n'), 'newline framed')
  t.same(JSON.parse(line), {
    type: 'bid',
    tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473',
    app_uid: 'e582f2a0-3e2b-4066-a2a3-dc5867953d0d',
    campaign_item_id: 1463517,
    ts: 1795831442000,
    domain: 'www.google.com',
    creative_id: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
    creative_category: 'testCreativeCategory',
  })
  t.equal(bad?.result, 'ProcessingFailed')
  t.equal(bad?.data, fixture.records[1]?.data, 'failed records keep their original data')
  t.match(refused, [{ id: fixture.records[1]?.recordId, reason: /^not JSON/ }])
  t.same(counts, { ok: 1, dropped: 0, failed: 1 })
})

t.test('heartbeats are dropped, invalid events fail with the field that is wrong', async (t) => {
  const event: FirehoseTransformationEvent = {
    ...fixture,
    records: [
      { recordId: 'h', approximateArrivalTimestamp: 1, data: b64({ type: 'heartbeat', ts: 5, shard_id: 'shardId-0' }) },
      { recordId: 'i', approximateArrivalTimestamp: 1, data: b64({ type: 'bid', tx_id: 't', app_uid: 'a', campaign_item_id: 1.5, ts: 1 }) },
      { recordId: 'u', approximateArrivalTimestamp: 1, data: Buffer.from([0xff, 0xfe]).toString('base64') },
      { recordId: 'c', approximateArrivalTimestamp: 1, data: b64({ type: 'click', tx_id: 't', ts: 0, extra: 1 }) },
    ],
  }
  const { response, refused } = transformFirehoseEvent(event)
  t.same(
    response.records.map((r) => r.result),
    ['Dropped', 'ProcessingFailed', 'ProcessingFailed', 'Ok'],
  )
  t.same(
    refused.map((r) => [r.id, r.reason]),
    [
      ['i', 'campaign_item_id must be an integer'],
      ['u', refused[1]?.reason],
    ],
  )
  t.equal(decode(response.records[3]?.data ?? ''), '{"type":"click","tx_id":"t","ts":0}\n', 'unknown fields stripped')
  t.same(response.records[3]?.metadata?.partitionKeys, { dt: '1970-01-01', hour: '00' })
})

t.test('every record gets exactly one answer, whatever its bytes', async (t) => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.string(),
        ),
        { maxLength: 20 },
      ),
      (texts) => {
        const event = { ...fixture, records: texts.map((text, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: 0, data: b64(text) })) }
        const { response } = transformFirehoseEvent(event)
        return response.records.length === texts.length && response.records.every((r, i) => r.recordId === `r${i}`)
      },
    ),
  )
  t.equal(transformStreamRecord(Buffer.from('[]')).result, 'ProcessingFailed')
})
