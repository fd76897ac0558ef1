import t from 'tap'
import { LAKE_TABLES, toLakeRow } from '@sdp/catalog'
import { FirehoseJsonSink } from '../../src/lake/FirehoseJsonSink.js'

// Firehose has no local emulator: a stand-in for PutRecordBatch that refuses the first record of each first call.
function fakeFirehose() {
  const delivered: string[] = []
  const batchBytes: number[] = []
  let calls = 0
  return {
    delivered,
    batchBytes,
    get calls() {
      return calls
    },
    async send(command: { input: { DeliveryStreamName: string; Records: { Data: Uint8Array }[] } }) {
      calls++
      const records = command.input.Records
      batchBytes.push(records.reduce((n, r) => n + r.Data.byteLength, 0))
      const refuseFirst = calls === 1
      const responses = records.map((r, i) => {
        if (refuseFirst && i === 0) return { ErrorCode: 'ServiceUnavailableException' }
        delivered.push(Buffer.from(r.Data).toString())
        return { RecordId: 'x' }
      })
      return { FailedPutCount: refuseFirst ? 1 : 0, RequestResponses: responses }
    },
  }
}

t.test('JSON copies through PutRecordBatch: rows packed 500 to a record, refused records retried', async (t) => {
  const firehose = fakeFirehose()
  const sink = new FirehoseJsonSink({ firehose: firehose as never, deliveryStreams: { raw_clicks: 'clicks' }, retryBaseMs: 1 })
  const table = LAKE_TABLES.raw_clicks
  const rows = Array.from({ length: 1200 }, (_, i) => toLakeRow(table, { type: 'click', tx_id: `t${i}`, ts: i, campaign_item_id: 1, bid_ts: 0 }))
  await sink.write(table, rows, 'name')
  t.same(
    firehose.delivered.map((r) => r.split('\n').length - 1),
    [500, 200, 500],
    'three records of whole newline-terminated rows; the refused first one retried after the others',
  )
  t.equal(firehose.calls, 2, 'one batch plus one retry')
  const lines = firehose.delivered.flatMap((r) => r.split('\n').filter(Boolean))
  t.equal(new Set(lines).size, 1200, 'every row delivered once')
  t.equal(firehose.delivered[2]?.split('\n')[0], '{"type":"click","tx_id":"t0","ts":0,"campaign_item_id":1,"bid_ts":0}')
  await t.rejects(sink.write(LAKE_TABLES.raw_aggregates, [], 'n'), { message: 'no Firehose delivery stream is configured for raw_aggregates' })
})

t.test('a record stays under 1,000 KiB and a call under 4 MiB, whatever the rows', async (t) => {
  const firehose = fakeFirehose()
  const sink = new FirehoseJsonSink({ firehose: firehose as never, deliveryStreams: { raw_clicks: 'clicks' }, retryBaseMs: 1 })
  const table = LAKE_TABLES.raw_clicks
  // Rows of about 10 KB: a hundred fill a record, and five records most of a call.
  const rows = Array.from({ length: 2_000 }, (_, i) =>
    toLakeRow(table, { type: 'click', tx_id: `t${i}-${'x'.repeat(10_000)}`, ts: i, campaign_item_id: 1, bid_ts: 0 }),
  )
  await sink.write(table, rows, 'name')
  const sizes = firehose.delivered.map((r) => Buffer.byteLength(r))
  t.ok(
    sizes.every((b) => b <= 1_000 * 1024),
    `largest record ${Math.max(...sizes)} bytes`,
  )
  t.ok(
    firehose.batchBytes.every((b) => b <= 4 * 1024 * 1024),
    `largest call ${Math.max(...firehose.batchBytes)} bytes`,
  )
  t.equal(firehose.delivered.flatMap((r) => r.split('\n').filter(Boolean)).length, 2_000)
})
