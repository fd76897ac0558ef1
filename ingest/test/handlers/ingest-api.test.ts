import t from 'tap'
import type { Context } from 'aws-lambda'
import { ConfigError } from '@sdp/service-kit'
import { fixture, readmeBid } from '../_helpers/apiEvent.js'
import { startKinesalite } from '../../../test-support/localKinesis.js'

const local = await startKinesalite()
t.teardown(() => local.close())
const context = { awsRequestId: 'local-request' } as Context

t.test('reads its stream and endpoint from the environment and writes the fixture bid', async (t) => {
  const stream = await local.createStream()
  Object.assign(process.env, {
    STREAM_NAME: stream,
    AWS_ENDPOINT_URL_KINESIS: local.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  })
  const { handler } = await import('../../src/handlers/ingest-api.js')
  const before = Date.now()
  const response = await handler(fixture, context)
  t.equal(response.statusCode, 200)
  const ack = JSON.parse(response.body) as { ok: boolean; type: string; tx_id: string; ts: number }
  t.match(ack, { ok: true, type: 'bid', tx_id: readmeBid.tx_id })
  t.ok(ack.ts >= before && ack.ts <= Date.now(), 'ts is stamped with the clock')
  const records = await local.readStream(stream)
  t.same(
    records.map((r) => [r.partitionKey, r.data]),
    [[readmeBid.tx_id, { ...readmeBid, type: 'bid', ts: ack.ts }]],
  )
})

t.test('without STREAM_NAME every invocation fails with an error that says what to set', async (t) => {
  delete process.env.STREAM_NAME
  // a second instance of the module, so it reads the environment again
  const fresh: string = '../../src/handlers/ingest-api.js?without-stream'
  const { handler } = (await import(fresh)) as typeof import('../../src/handlers/ingest-api.js')
  await t.rejects(handler(fixture, context), new ConfigError('STREAM_NAME is required (set it to the name of the Kinesis stream ingest writes to)'))
})
