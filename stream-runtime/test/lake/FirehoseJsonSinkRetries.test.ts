// The Firehose JSON copy against a real FirehoseClient whose transport answers as Firehose does
// when it fails (no local Firehose exists): the SDK's own retry strategy, then the sink's retry of
// refused records, then a failed invocation when Firehose keeps refusing.
import t from 'tap'
import { Readable } from 'node:stream'
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { LAKE_TABLES, toLakeRow } from '@sdp/catalog'
import { FirehoseJsonSink } from '../../src/lake/FirehoseJsonSink.js'

type Answer = 'throttled' | 'unavailable' | 'reset' | 'ok' | 'refuse-half' | 'refuse-all'

/** A Firehose endpoint that answers each call in turn as `script` says (then `ok`), recording what it accepted. */
function firehose(script: Answer[]) {
  const delivered: string[] = []
  let calls = 0
  // an HTTP response as the SDK's transport hands it over
  const json = (statusCode: number, body: unknown) => ({
    statusCode,
    reason: '',
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: Readable.from([Buffer.from(JSON.stringify(body))]),
  })
  const client = new FirehoseClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: {
      async handle(request: { body?: unknown }) {
        const answer = script[calls++] ?? 'ok'
        if (answer === 'reset') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        if (answer === 'throttled') return { response: json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }) }
        if (answer === 'unavailable') return { response: json(500, { __type: 'ServiceUnavailableException', message: 'Slow down.' }) }
        const records = (JSON.parse(String(request.body)) as { Records: Array<{ Data: string }> }).Records
        const refuse = (i: number) => answer === 'refuse-all' || (answer === 'refuse-half' && i % 2 === 0)
        const responses = records.map((r, i) => {
          if (refuse(i)) return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' }
          delivered.push(Buffer.from(r.Data, 'base64').toString())
          return { RecordId: `r${delivered.length}` }
        })
        return { response: json(200, { FailedPutCount: responses.filter((r) => 'ErrorCode' in r).length, Encrypted: false, RequestResponses: responses }) }
      },
    } as never,
  })
  return {
    client,
    delivered,
    get calls() {
      return calls
    },
  }
}

const table = LAKE_TABLES.raw_clicks
const line = (i: number) => `{"type":"click","tx_id":"t${i}","ts":${i},"campaign_item_id":1,"bid_ts":0}\n`
// 1,200 rows: three Firehose records of 500, 500 and 200 rows
const rows = Array.from({ length: 1_200 }, (_, i) => toLakeRow(table, { type: 'click', tx_id: `t${i}`, ts: i, campaign_item_id: 1, bid_ts: 0 }))
const lines = (delivered: readonly string[]) => delivered.flatMap((record) => record.split(/(?<=\n)/))
const sink = (client: FirehoseClient, attempts = 4) =>
  new FirehoseJsonSink({ firehose: client, deliveryStreams: { raw_clicks: 'clicks' }, attempts, retryBaseMs: 1 })

t.test('throttling, a 500 and a reset connection are retried by the SDK: every row delivered once', async (t) => {
  const f = firehose(['throttled', 'reset'])
  await sink(f.client).write(table, rows, 'n')
  t.same(
    lines(f.delivered),
    rows.map((_, i) => line(i)),
  )
  t.equal(f.calls, 3)
  const g = firehose(['unavailable'])
  await sink(g.client).write(table, rows, 'n')
  t.equal(lines(g.delivered).length, 1_200)
})

t.test('records refused in a 200 answer are sent again, and only those', async (t) => {
  const f = firehose(['refuse-half', 'refuse-half'])
  await sink(f.client).write(table, rows, 'n')
  t.same(lines(f.delivered).sort(), rows.map((_, i) => line(i)).sort(), 'every row once')
  t.equal(f.calls, 3, 'three records sent, then the two refused, then the one refused again')
})

t.test('refused past every attempt, or failing past the SDK retries, the write throws so the invocation is retried', async (t) => {
  const f = firehose(['refuse-all', 'refuse-all', 'refuse-all'])
  await t.rejects(sink(f.client, 3).write(table, rows, 'n'), { message: /Firehose refused 3 records for clicks after 3 attempts/ })
  t.equal(f.delivered.length, 0)
  const g = firehose(Array.from({ length: 10 }, (): Answer => 'unavailable'))
  await t.rejects(sink(g.client).write(table, rows, 'n'), { name: 'ServiceUnavailableException' })
})
