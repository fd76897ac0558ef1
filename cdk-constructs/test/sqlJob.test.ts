import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { App, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type { DefinedWindowJob, KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { JobResultsTable, resultsTableDefinition } from '@sdp/stream-runtime'
import t from 'tap'
import { startKinesalite } from '../../test-support/localKinesis.js'
import { startDynamo, startS3 } from '../../test-support/localServices.js'
import { jobMergeHandlerFromEnv, jobWindowHandlerFromEnv } from '../src/handler/index.js'
import { HandlerCode, StreamAggregation } from '../src/index.js'
import { finalInvoke, partialsInvoke } from './handler/windowEvents.js'

const SQL_JOB = fileURLToPath(new URL('../../examples/adtech/bids-per-minute.sql', import.meta.url))
const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/events'
// Inside the repository the workspace packages are bundled from their TypeScript sources.
const SOURCES = { esbuildArgs: { '--conditions': '@sdp/source' } }

function stackOf(outdir?: string, bundle = false) {
  const app = new App({ ...(outdir ? { outdir } : {}), context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] } })
  return { app, stack: new Stack(app, 'Jobs', { env: { account: '123456789012', region: 'eu-west-1' } }) }
}

const deploy = (stack: Stack, code: HandlerCode, name = 'bids-per-minute') =>
  new StreamAggregation(stack, 'Bids', { name, code, stream: kinesis.Stream.fromStreamArn(stack, 'Events', STREAM_ARN) })

t.test('a .sql file deploys as a job named after it: two stages, as a TypeScript job', async (t) => {
  const { stack } = stackOf()
  const job = deploy(stack, HandlerCode.fromJobFile(SQL_JOB, SOURCES))
  const template = Template.fromStack(stack)
  t.ok(job.merge, 'a second stage')
  template.resourceCountIs('AWS::Lambda::Function', 2)
  template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2)
  for (const handler of ['index.handler', 'index.mergeHandler'])
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: handler, Environment: { Variables: Match.objectLike({ JOB_NAME: 'bids-per-minute' }) } })
  t.equal(job.statePrefix, 'state/jobs/bids-per-minute/')
  t.equal(HandlerCode.fromSqlFile(SQL_JOB, SOURCES).jobName, 'bids-per-minute')
})

t.test('a bad query fails the synth with the position the parser gives, and nothing is created', async (t) => {
  const dir = t.testdir({
    'bad.sql': 'SELECT campaign_item_id, COUNT(*) AS n\nFROM bids\nGROUP BY TUMBLE(ts, INTERVAL',
    'unwindowed.sql': 'SELECT campaign_item_id, COUNT(*) AS n FROM bids GROUP BY campaign_item_id',
  })
  t.throws(() => HandlerCode.fromJobFile(join(dir, 'bad.sql'), SOURCES), {
    name: 'InvalidQueryError',
    message: new RegExp(`^${join(dir, 'bad.sql')}:3:\\d+: syntax error`),
  })
  t.throws(() => HandlerCode.fromSqlFile(join(dir, 'unwindowed.sql'), SOURCES), {
    name: 'InvalidQueryError',
    message: /unwindowed\.sql:1:\d+: not supported: a query without a window/,
  })
  const { stack } = stackOf()
  t.throws(() => deploy(stack, HandlerCode.fromSqlFile(join(dir, 'bad.sql'), SOURCES), 'bad'), { name: 'InvalidQueryError' })
  t.same(stack.node.children.length, 0, 'nothing added to the stack')
  t.throws(() => HandlerCode.fromSqlFile(join(dir, 'missing.sql')), { name: 'MissingEntryError', message: /missing.sql does not exist/ })
  writeFileSync(join(dir, 'bad name.sql'), 'SELECT 1')
  t.throws(() => HandlerCode.fromSqlFile(join(dir, 'bad name.sql')), { name: 'InvalidQueryError', message: /names the job 'bad name'/ })
})

t.test("the construct's name must be the .sql job's: the handlers refuse any other", async (t) => {
  const { stack } = stackOf()
  t.throws(() => deploy(stack, HandlerCode.fromSqlFile(SQL_JOB, SOURCES), 'bids'), {
    name: 'InvalidPropsError',
    message: "name must be 'bids-per-minute', the name of the job the code holds (a .sql job is named after its file), got 'bids'",
  })
})

// Events of a recent minute: stage 2 refuses partials of windows long closed.
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 180_000
const WINDOW = { start: new Date(BASE + 120_000).toISOString(), end: new Date(BASE + 180_000).toISOString() }
const bid = (tx: string, campaign: number, price: number, at: number) => ({
  type: 'bid',
  tx_id: tx,
  campaign_item_id: campaign,
  domain: 'news.example',
  app_uid: 'u1',
  creative_id: 1,
  creative_category: 'sports',
  win_price: price,
  ts: BASE + at,
})

interface SqlBundle {
  readonly job: DefinedWindowJob<unknown, unknown>
  readonly handler: (event: KinesisWindowEvent) => Promise<KinesisWindowResponse>
  readonly mergeHandler: (event: KinesisWindowEvent) => Promise<KinesisWindowResponse>
}

t.test('the bundled function compiles the query at cold start and runs both stages on the local services', async (t) => {
  const outdir = t.testdir()
  const { app, stack } = stackOf(outdir, true)
  deploy(stack, HandlerCode.fromSqlFile(SQL_JOB, SOURCES))
  app.synth()
  const assets = readdirSync(outdir).filter((f) => f.startsWith('asset.'))
  t.equal(assets.length, 1, 'both stages deploy one bundle')
  // What Lambda loads: the minified ESM bundle, the compiler and the query inside.
  const bundle = (await import(pathToFileURL(join(outdir, assets[0] as string, 'index.mjs')).href)) as SqlBundle
  t.equal(bundle.job.name, 'bids-per-minute', 'compiled when the module loads')
  t.type(bundle.handler, 'function')
  t.type(bundle.mergeHandler, 'function')

  const [s3, ddb, local] = await Promise.all([startS3('job-bucket'), startDynamo(), startKinesalite()])
  t.teardown(() => Promise.all([s3.close(), ddb.close(), local.close()]))
  const [streamName, partialsStream] = await Promise.all([local.createStream(1), local.createStream(1)])
  await ddb.dynamodb.send(new CreateTableCommand(resultsTableDefinition('job-results')))
  const env = {
    JOB_NAME: 'bids-per-minute',
    LAKE_BUCKET: s3.bucket,
    STREAM_NAME: streamName,
    PARTIALS_STREAM: partialsStream,
    JOB_RESULTS_TABLE: 'job-results',
  }
  const stage1 = jobWindowHandlerFromEnv(bundle.job, env, { s3: s3.s3, kinesis: local.client })
  const stage2 = jobMergeHandlerFromEnv(bundle.job, env, { s3: s3.s3, dynamodb: ddb.dynamodb, kinesis: local.client })
  const events = [bid('a', 7, 1.5, 1000), bid('b', 7, 2.25, 2000), 'not json', bid('c', 9, 0.5, 3000), { type: 'heartbeat', ts: BASE + 70_000 }]
  t.same((await stage1(finalInvoke(streamName, events, WINDOW))).batchItemFailures, [])
  t.same((await stage2(await partialsInvoke(local.client, partialsStream, WINDOW))).batchItemFailures, [])
  const results = new JobResultsTable({ dynamodb: ddb.dynamodb, tableName: 'job-results' })
  const [seven] = await results.query('bids-per-minute', { key: '7' })
  const [nine] = await results.query('bids-per-minute', { key: '9' })
  t.match(seven, { windowStart: BASE, windowEnd: BASE + 60_000 }, 'campaign 7, its minute')
  // The query's aggregates in SELECT order: COUNT(*) as a0, MAX(win_price) as a1.
  t.same(seven?.value, { a0: 2, a1: 2.25 }, 'campaign 7: two bids, the highest price')
  t.same(nine?.value, { a0: 1, a1: 0.5 }, 'campaign 9')
})
