import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { count, defineWindowJob, tumblingWindows, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { ConfigError, silentTelemetry } from '@sdp/service-kit'
import { JobResultsStore, resultsTableDefinition } from '@sdp/stream-runtime'
import t from 'tap'
import { startKinesalite } from '../../../test-support/localKinesis.js'
import { startDynamo, startS3 } from '../../../test-support/localServices.js'
import { createJobWindowHandler, jobWindowHandler, jobWindowHandlerFromEnv } from '../../src/handler/index.js'

const clicks = defineWindowJob({
  name: 'clicks',
  version: 1,
  parse: (value) => {
    const v = value as { campaign?: unknown; ts?: unknown }
    if (typeof v.ts !== 'number') return { kind: 'invalid', reason: 'ts must be a number' }
    if (typeof v.campaign !== 'number') return { kind: 'heartbeat', ts: v.ts }
    return { kind: 'event', event: { campaign: v.campaign, ts: v.ts } }
  },
  timestamp: (c: { campaign: number; ts: number }) => c.ts,
  watermark: { bound: 0 },
  key: (c) => c.campaign,
  assigner: tumblingWindows({ size: 60_000 }),
  aggregate: count(),
})

const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64')

/** A final tumbling-window invoke: campaign 7 clicked twice, 9 once, one record that is not JSON, a heartbeat past the minute. */
function windowEvent(streamName: string): KinesisWindowEvent {
  const values: unknown[] = [{ campaign: 7, ts: 1000 }, { campaign: 9, ts: 2000 }, 'not json', { campaign: 7, ts: 3000 }, { ts: 70_000 }]
  return {
    Records: values.map((value, n) => ({
      kinesis: { data: b64(value), partitionKey: `tx-${n}`, sequenceNumber: seq(n + 1), approximateArrivalTimestamp: 1795831442 + n / 1000 },
      eventSourceARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${streamName}`,
    })),
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
    state: {},
    shardId: 'shardId-000000000000',
    isFinalInvokeForWindow: true,
    isWindowTerminatedEarly: false,
  }
}

t.test('a deployed job keeps state, dead letters and results where the local platform does, and a replay changes nothing', async (t) => {
  const [s3, ddb, kinesis] = await Promise.all([startS3('job-bucket'), startDynamo(), startKinesalite()])
  t.teardown(() => Promise.all([s3.close(), ddb.close(), kinesis.close()]))
  const streamName = await kinesis.createStream(1)
  await ddb.dynamodb.send(new CreateTableCommand(resultsTableDefinition('job-results')))
  const handle = createJobWindowHandler(clicks, {
    s3: s3.s3,
    dynamodb: ddb.dynamodb,
    kinesis: kinesis.client,
    bucket: s3.bucket,
    streamName,
    resultsTable: 'job-results',
    stateRetentionMs: 86_400_000,
    telemetry: silentTelemetry(),
  })
  const event = windowEvent(streamName)
  const first = await handle(event)
  t.same(first.batchItemFailures, [])
  await handle(event) // Lambda retries the same batch

  const results = new JobResultsStore({ dynamodb: ddb.dynamodb, tableName: 'job-results' })
  t.same(await results.query('clicks', { key: '7' }), [{ key: 7, windowStart: 0, windowEnd: 60_000, value: 2 }])
  t.same(await results.query('clicks', { key: '9' }), [{ key: 9, windowStart: 0, windowEnd: 60_000, value: 1 }])
  const { Contents = [] } = await s3.s3.send(new ListObjectsV2Command({ Bucket: s3.bucket }))
  const keys = Contents.map((o) => o.Key ?? '')
  t.ok(
    keys.some((k) => k.startsWith('errors/job-clicks/')),
    'the record that is not JSON is dead-lettered under errors/job-clicks/',
  )
  t.ok(
    keys.some((k) => k.startsWith('state/jobs/clicks/')),
    'state under state/jobs/clicks/',
  )
  t.same(
    keys.filter((k) => !k.startsWith('errors/job-clicks/') && !k.startsWith('state/jobs/clicks/')),
    [],
    'nothing elsewhere',
  )
})

t.test('the settings come from the environment; every missing one is named', async (t) => {
  const error = t.throws(() => jobWindowHandlerFromEnv(clicks, {}), ConfigError) as ConfigError
  t.same(
    error.problems.map((p) => p.variable),
    ['JOB_NAME', 'LAKE_BUCKET', 'STREAM_NAME', 'JOB_RESULTS_TABLE'],
  )
  const env = { JOB_NAME: 'clicks', LAKE_BUCKET: 'b', STREAM_NAME: 's', JOB_RESULTS_TABLE: 'r' }
  t.type(jobWindowHandlerFromEnv(clicks, env), 'function')
  t.throws(() => jobWindowHandlerFromEnv(clicks, { ...env, STATE_RETENTION_SECONDS: 'soon' }), { name: 'ConfigError', message: /STATE_RETENTION_SECONDS/ })
})

t.test('a JOB_NAME that is not the bundled job is refused: prefixes, grants and alarm would miss it', async (t) => {
  t.throws(() => jobWindowHandlerFromEnv(clicks, { JOB_NAME: 'views', LAKE_BUCKET: 'b', STREAM_NAME: 's', JOB_RESULTS_TABLE: 'r' }), {
    name: 'ConfigError',
    message: "JOB_NAME is 'views', but the bundled job is named 'clicks': deploy it with name 'clicks'",
  })
})

t.test('the Lambda entry point fails invocations, not the module load, on bad settings', async (t) => {
  const saved = process.env.JOB_NAME
  t.teardown(() => {
    if (saved === undefined) delete process.env.JOB_NAME
    else process.env.JOB_NAME = saved
  })
  delete process.env.JOB_NAME
  const handler = jobWindowHandler(clicks)
  await t.rejects(handler(windowEvent('s')), { name: 'ConfigError', message: /JOB_NAME/ })
})
