import t from 'tap'
import { LAKE_TABLES, toLakeRow } from '@sdp/catalog'
import { FirehoseJsonSink } from '../../src/lake/FirehoseJsonSink.js'

// Firehose has no local emulator: a stand-in for PutRecordBatch that refuses the first record of each first call.
function fakeFirehose() {
  const delivered: string[] = []
  let calls = 0
  return {
    delivered,
    get calls() {
      return calls
    },
    async send(command: { input: { DeliveryStreamName: string; Records: { Data: Uint8Array }[] } }) {
      calls++
      const records = command.input.Records
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

t.test('JSON copies through PutRecordBatch: batches of 500, refused records retried', async (t) => {
  const firehose = fakeFirehose()
  const sink = new FirehoseJsonSink({ firehose: firehose as never, deliveryStreams: { raw_clicks: 'clicks' }, retryBaseMs: 1 })
  const table = LAKE_TABLES.raw_clicks
  const rows = Array.from({ length: 1200 }, (_, i) => toLakeRow(table, { type: 'click', tx_id: `t${i}`, ts: i, campaign_item_id: 1, bid_ts: 0 }))
  await sink.write(table, rows, 'name')
  t.equal(firehose.delivered.length, 1200, 'every row delivered once')
  t.equal(firehose.calls, 4, 'three batches plus one retry')
  t.equal(firehose.delivered[499], '{"type":"click","tx_id":"t0","ts":0,"campaign_item_id":1,"bid_ts":0}\n', 'the refused record was retried before the next batch, newline framed')
  await t.rejects(sink.write(LAKE_TABLES.raw_aggregates, [], 'n'), { message: 'no Firehose delivery stream is configured for raw_aggregates' })
})
