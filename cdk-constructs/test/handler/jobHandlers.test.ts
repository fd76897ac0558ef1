import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { count, defineWindowJob, tumblingWindows, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { ConfigError } from '@sdp/service-kit'
import { JobResultsTable, resultsTableDefinition } from '@sdp/stream-runtime'
import t from 'tap'
import { startKinesalite } from '../../../test-support/localKinesis.js'
import { startDynamo, startS3 } from '../../../test-support/localServices.js'
import { jobMergeHandler, jobMergeHandlerFromEnv, jobWindowHandler, jobWindowHandlerFromEnv } from '../../src/handler/index.js'
import { finalInvoke, partialsInvoke } from './windowEvents.js'

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

// Events of a recent minute: stage 2 dead-letters partials of windows that ended over a day (plus the lateness) before they arrive.
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 180_000
const WINDOW = { start: new Date(BASE + 120_000).toISOString(), end: new Date(BASE + 180_000).toISOString() }

/** A final tumbling-window invoke: campaign 7 clicked twice, 9 once, one record that is not JSON, a heartbeat past the minute. */
function windowEvent(streamName: string): KinesisWindowEvent {
  return finalInvoke(
    streamName,
    [{ campaign: 7, ts: BASE + 1000 }, { campaign: 9, ts: BASE + 2000 }, 'not json', { campaign: 7, ts: BASE + 3000 }, { ts: BASE + 70_000 }],
    WINDOW,
  )
}

const mergeEvent = (kinesis: KinesisClient, streamName: string) => partialsInvoke(kinesis, streamName, WINDOW)

async function keysOf(s3: Awaited<ReturnType<typeof startS3>>): Promise<string[]> {
  const { Contents = [] } = await s3.s3.send(new ListObjectsV2Command({ Bucket: s3.bucket }))
  return Contents.map((o) => o.Key ?? '')
}

t.test('stage 1 then stage 2 of a deployed job: results merged once under replays, everything where the local platform keeps it', async (t) => {
  const [s3, ddb, kinesis] = await Promise.all([startS3('job-bucket'), startDynamo(), startKinesalite()])
  t.teardown(() => Promise.all([s3.close(), ddb.close(), kinesis.close()]))
  const [streamName, partialsStream] = await Promise.all([kinesis.createStream(1), kinesis.createStream(1)])
  await ddb.dynamodb.send(new CreateTableCommand(resultsTableDefinition('job-results')))
  const env = { JOB_NAME: 'clicks', LAKE_BUCKET: s3.bucket, STREAM_NAME: streamName, PARTIALS_STREAM: partialsStream, JOB_RESULTS_TABLE: 'job-results' }
  const stage1 = jobWindowHandlerFromEnv(clicks, env, { s3: s3.s3, kinesis: kinesis.client })
  const stage2 = jobMergeHandlerFromEnv(clicks, env, { s3: s3.s3, dynamodb: ddb.dynamodb, kinesis: kinesis.client })

  const event = windowEvent(streamName)
  t.same((await stage1(event)).batchItemFailures, [])
  await stage1(event) // Lambda retries the same batch: its partials reach the partials stream twice
  const results = new JobResultsTable({ dynamodb: ddb.dynamodb, tableName: 'job-results' })
  t.same(await results.query('clicks', { key: '7' }), [], 'stage 1 writes no results')

  const merge = await mergeEvent(kinesis.client, partialsStream)
  t.ok(merge.Records.length >= 2, 'the partials stream holds both sends')
  t.same((await stage2(merge)).batchItemFailures, [])
  await stage2(merge) // and stage 2's batch is replayed
  t.same(await results.query('clicks', { key: '7' }), [{ key: 7, windowStart: BASE, windowEnd: BASE + 60_000, value: 2 }])
  t.same(await results.query('clicks', { key: '9' }), [{ key: 9, windowStart: BASE, windowEnd: BASE + 60_000, value: 1 }])

  const keys = await keysOf(s3)
  const under = (prefix: string) => keys.filter((k) => k.startsWith(prefix))
  t.ok(under('errors/job-clicks/').length > 0, 'the record that is not JSON is dead-lettered under errors/job-clicks/')
  t.ok(under('state/jobs/clicks/').length > 0, "stage 1's state under state/jobs/clicks/")
  t.ok(under('state/jobs/clicks-merge/').length > 0, "stage 2's state under state/jobs/clicks-merge/")
  t.ok(under('parquet/job_clicks/').length > 0, 'lake rows under parquet/job_clicks/')
  t.same(
    keys.filter((k) => !['errors/job-clicks/', 'state/jobs/clicks/', 'state/jobs/clicks-merge/', 'parquet/job_clicks/'].some((p) => k.startsWith(p))),
    [],
    'nothing elsewhere: the prefixes the construct grants',
  )
})

t.test('the settings come from the environment; every missing one is named', async (t) => {
  const window = t.throws(() => jobWindowHandlerFromEnv(clicks, {}), ConfigError) as ConfigError
  t.same(
    window.problems.map((p) => p.variable),
    ['JOB_NAME', 'LAKE_BUCKET', 'STREAM_NAME', 'PARTIALS_STREAM'],
  )
  const merge = t.throws(() => jobMergeHandlerFromEnv(clicks, {}), ConfigError) as ConfigError
  t.same(
    merge.problems.map((p) => p.variable),
    ['JOB_NAME', 'LAKE_BUCKET', 'PARTIALS_STREAM', 'JOB_RESULTS_TABLE'],
  )
  t.type(jobWindowHandlerFromEnv(clicks, { JOB_NAME: 'clicks', LAKE_BUCKET: 'b', STREAM_NAME: 's', PARTIALS_STREAM: 'p' }), 'function')
  t.type(jobMergeHandlerFromEnv(clicks, { JOB_NAME: 'clicks', LAKE_BUCKET: 'b', PARTIALS_STREAM: 'p', JOB_RESULTS_TABLE: 'r' }), 'function')
})

t.test('a JOB_NAME that is not the bundled job is refused by both stages: prefixes, grants and alarm would miss it', async (t) => {
  const message = "JOB_NAME is 'views', but the bundled job is named 'clicks': deploy it with name 'clicks'"
  t.throws(() => jobWindowHandlerFromEnv(clicks, { JOB_NAME: 'views', LAKE_BUCKET: 'b', STREAM_NAME: 's', PARTIALS_STREAM: 'p' }), {
    name: 'ConfigError',
    message,
  })
  t.throws(() => jobMergeHandlerFromEnv(clicks, { JOB_NAME: 'views', LAKE_BUCKET: 'b', PARTIALS_STREAM: 'p', JOB_RESULTS_TABLE: 'r' }), {
    name: 'ConfigError',
    message,
  })
})

t.test('the Lambda entry points fail invocations, not the module load, on bad settings', async (t) => {
  const saved = process.env.JOB_NAME
  t.teardown(() => {
    if (saved === undefined) delete process.env.JOB_NAME
    else process.env.JOB_NAME = saved
  })
  delete process.env.JOB_NAME
  await t.rejects(jobWindowHandler(clicks)(windowEvent('s')), { name: 'ConfigError', message: /JOB_NAME/ })
  await t.rejects(jobMergeHandler(clicks)(windowEvent('s')), { name: 'ConfigError', message: /JOB_NAME/ })
})
