// GET /reports/campaigns and GET /reports/metrics over dynalite and s3rver.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { resultsTableDefinition } from '@sdp/stream-runtime'
import { buildReportsApi } from '../../src/reports/buildReportsApi.js'
import type { PlatformMetricsProvider } from '../../src/reports/PlatformMetricsProvider.js'
import type { CampaignListResponse, MetricsResponse } from '../../src/reports/responses.js'
import { startDynamo, startS3 } from '../../../test-support/localServices.js'
import { ResultsWriter } from '../../../test-support/resultsWriter.js'

const fixture: APIGatewayProxyEvent = JSON.parse(
  readFileSync(new URL('../../../test-support/fixtures/apigw-proxy-get-report-period.json', import.meta.url), 'utf8'),
)
const get = (path: string, query: Record<string, string> | null = null, method = 'GET'): APIGatewayProxyEvent => ({
  ...fixture,
  httpMethod: method,
  path,
  resource: path,
  pathParameters: null,
  queryStringParameters: query,
})
const minute = (n: number) => ({ start: Date.UTC(2026, 0, 1) + n * 60_000, end: Date.UTC(2026, 0, 1) + (n + 1) * 60_000 })

t.test('campaign list over dynalite', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.createTable(resultsTableDefinition('sdp-aggregates'))
  const api = buildReportsApi({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates', cacheMs: 0 })
  const call = async (path: string, query: Record<string, string> | null = null, method = 'GET') => {
    const r = await api(get(path, query, method))
    return { status: r.statusCode, body: JSON.parse(r.body) }
  }
  const list = async (query: Record<string, string> | null = null) => (await call('/reports/campaigns', query)).body as CampaignListResponse

  t.test('an empty table lists nothing', async (t) => {
    const body = await list()
    t.same(body.items, [])
    t.same(body.summary, { campaigns: 0, bids: 0, imps: 0, clicks: 0 })
    t.equal(body.next_cursor, null)
  })

  const store = new ResultsWriter(ddb.dynamodb, 'sdp-aggregates')
  await store.write([
    { id: 'shard-a:1-1', key: 1463517, window: minute(0), accumulator: [3, 2, 1] },
    { id: 'shard-b:1-1', key: 1463517, window: minute(0), accumulator: [1, 0, 0] }, // another shard's partial of the same period
    { id: 'shard-a:1-1', key: 1463517, window: minute(5), accumulator: [5, 1, 0] },
    { id: 'shard-a:1-1', key: 2000001, window: minute(1), accumulator: [10, 9, 0] },
    { id: 'shard-a:1-1', key: 2000002, window: minute(2), accumulator: [4, 2, 2] },
    { id: 'shard-a:1-1', key: 3000463, window: minute(9), accumulator: [2, 0, 0] },
  ])
  await store.write([{ id: 'shard-a:1-1', key: 1463517, window: minute(0), accumulator: [3, 2, 1] }]) // a replay changes nothing

  t.test('every campaign with the totals GET /reports/campaigns/{id} gives, and its rates', async (t) => {
    const body = await list({ sort: 'campaign_item_id' })
    t.same(
      body.items.map((c) => c.campaign_item_id),
      [1463517, 2000001, 2000002, 3000463],
    )
    for (const c of body.items) {
      const one = (await call(`/reports/campaigns/${c.campaign_item_id}`)).body
      t.same({ bids: c.bids, imps: c.imps, clicks: c.clicks }, { bids: one.bids, imps: one.imps, clicks: one.clicks }, `campaign ${c.campaign_item_id}`)
    }
    t.same(body.items[0], {
      campaign_item_id: 1463517,
      bids: 9,
      imps: 3,
      clicks: 1,
      walkins: 0,
      walkin_clicks: 0,
      win_rate: 3 / 9,
      ctr: 1 / 3,
      last_period: minute(5).start,
    })
    t.equal(body.items[3]?.ctr, null, 'no impressions: no CTR')
    t.same(body.summary, { campaigns: 4, bids: 25, imps: 14, clicks: 3 })
    t.equal(body.total, 4)
  })

  t.test('pages follow the cursor to the end', async (t) => {
    const first = await list({ limit: '3' })
    t.same(
      first.items.map((c) => c.campaign_item_id),
      [2000001, 1463517, 2000002],
      'most bids first',
    )
    t.type(first.next_cursor, 'string')
    const second = await list({ limit: '3', cursor: first.next_cursor ?? '' })
    t.same(
      second.items.map((c) => c.campaign_item_id),
      [3000463],
    )
    t.equal(second.next_cursor, null)
  })

  t.test('search and sort', async (t) => {
    t.same(
      (await list({ search: '463' })).items.map((c) => c.campaign_item_id),
      [1463517, 3000463],
    )
    t.same(
      (await list({ sort: 'win_rate', order: 'asc' })).items.map((c) => c.campaign_item_id),
      [3000463, 1463517, 2000002, 2000001],
    )
    t.same(
      (await list({ sort: 'last_period' })).items.map((c) => c.campaign_item_id),
      [3000463, 1463517, 2000002, 2000001],
    )
  })

  t.test('new partials show up (after the cache age)', async (t) => {
    await store.write([{ id: 'shard-c:1-2', key: 2000002, window: minute(2), accumulator: [1, 1, 1] }])
    t.same(
      (await list({ search: '2000002' })).items.map((c) => [c.bids, c.imps, c.clicks]),
      [[5, 3, 3]],
    )
  })

  t.test('bad requests name the parameter', async (t) => {
    const r = await call('/reports/campaigns', { limit: '1000', sort: 'spend', page: '2' })
    t.equal(r.status, 400)
    t.same(
      r.body.errors.map((e: { parameter: string }) => e.parameter),
      ['page', 'sort', 'limit'],
    )
    t.equal((await call('/reports/campaigns', null, 'POST')).status, 405)
    t.equal((await call('/reports/campaigns/')).status, 400, 'the trailing slash still means an id is missing')
  })
})

t.test('platform metrics', async (t) => {
  const ddb = await startDynamo()
  const s3 = await startS3('sdp-lake')
  t.teardown(async () => (await ddb.close(), await s3.close()))
  const put = (key: string, body: string) => s3.s3.send(new PutObjectCommand({ Bucket: 'sdp-lake', Key: key, Body: body }))
  const metrics = async (api: ReturnType<typeof buildReportsApi>, query: Record<string, string> | null = null) => {
    const r = await api(get('/reports/metrics', query))
    return { status: r.statusCode, body: JSON.parse(r.body) as MetricsResponse }
  }

  t.test('without a lake or a platform every figure is null', async (t) => {
    const { status, body } = await metrics(buildReportsApi({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates' }))
    t.equal(status, 200)
    t.equal(body.platform, null)
    t.same(body.ingest, { events_per_second: null, events_total: null })
    t.same(body.lag, { window_handler_ms: null, report_ms: null, consumers: [] })
    t.equal(body.dead_letters.files, null)
    t.equal(body.compaction, null)
    t.equal(body.model.status, 'unavailable')
    t.equal(body.faults, null, 'no fault mode')
  })

  const lake = { s3: s3.s3, bucket: 'sdp-lake' }
  t.test('an empty lake: no model yet, no dead letters', async (t) => {
    const { body } = await metrics(buildReportsApi({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates', lake, cacheMs: 0 }))
    t.equal(body.model.status, 'none')
    t.match(body.model, { message: /no model yet/ })
    t.same(body.dead_letters, { files: 0, records: 0, complete: true, latest_at: null, by_source: {} })
  })

  t.test('the model pointer, dead letters and the platform figures', async (t) => {
    await put('errors/reporting/dt=2026-01-01/shardId-000000000000-1-2.json', JSON.stringify({ source: 'reporting', count: 3, records: [{}, {}, {}] }))
    await put('errors/firehose-transform/dt=2026-01-01/x.json', JSON.stringify({ source: 'firehose-transform', count: 2, records: [] }))
    await put(
      'models/bid-win/latest.json',
      JSON.stringify({
        format: 'bid-win-latest',
        version: 1,
        id: 'v000000001234-0a1b2c3d',
        shards: { 'shardId-000000000000': '42' },
        examples: 1234,
        eventTime: Date.UTC(2026, 0, 1, 12),
        metrics: { examples: 1234, wins: 700, winRate: 0.567, logLoss: 0.58, baselineLogLoss: 0.684, auc: null },
        key: 'models/bid-win/v000000001234-0a1b2c3d.json',
      }),
    )
    const platform: PlatformMetricsProvider = {
      name: 'local',
      snapshot: () => ({
        ingest: { eventsPerSecond: 12.5, eventsTotal: 900 },
        consumers: [
          { name: 'reporting', lagMs: 1200, invocations: 10, failures: 0, records: 950 },
          { name: 'reporting-merge', lagMs: 400, invocations: 3, failures: 0, records: 12 },
          { name: 'raw-landing', lagMs: 300, invocations: 8, failures: 1, records: 950 },
        ],
        compaction: { finishedAt: Date.UTC(2026, 0, 1, 13), durationMs: 250, partitionsCompacted: 2, filesIn: 9, filesOut: 2 },
        faults: { spec: 's3=0.05,seed=7', requests: { s3: 400, kinesis: 900 }, injected: { s3: 20, kinesis: 0 }, sdkRetries: { s3: 23, kinesis: 1 } },
      }),
    }
    const { body } = await metrics(buildReportsApi({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates', lake, platform, cacheMs: 0 }))
    t.equal(body.platform, 'local')
    t.same(body.ingest, { events_per_second: 12.5, events_total: 900 })
    t.equal(body.lag.window_handler_ms, 1200, 'the largest consumer lag')
    t.equal(body.lag.report_ms, 1600, 'the two reporting stages one after the other')
    t.same(body.lag.consumers[2], { name: 'raw-landing', lag_ms: 300, invocations: 8, failures: 1, records: 950 })
    t.match(body.dead_letters, { files: 2, records: 5, complete: true, by_source: { reporting: 1, 'firehose-transform': 1 } })
    t.type(body.dead_letters.latest_at, 'string')
    t.same(body.compaction, { finished_at: '2026-01-01T13:00:00.000Z', duration_ms: 250, partitions_compacted: 2, files_in: 9, files_out: 2 })
    t.match(body.model, {
      status: 'ready',
      version: 'v000000001234-0a1b2c3d',
      examples: 1234,
      event_time: '2026-01-01T12:00:00.000Z',
      metrics: { examples: 1234, win_rate: 0.567, auc: null, log_loss: 0.58, baseline_log_loss: 0.684 },
    })
    t.same(
      body.faults,
      {
        spec: 's3=0.05,seed=7',
        services: { kinesis: { requests: 900, injected: 0, sdk_retries: 1 }, s3: { requests: 400, injected: 20, sdk_retries: 23 } },
        injected_total: 20,
        sdk_retries_total: 24,
      },
      'the fault mode per service, with totals',
    )
  })

  t.test('an unreadable pointer is reported, not thrown', async (t) => {
    await put('models/bid-win/latest.json', 'not json')
    const { status, body } = await metrics(buildReportsApi({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates', lake, cacheMs: 0 }))
    t.equal(status, 200)
    t.match(body.model, { status: 'unavailable', message: /not JSON/ })
  })

  t.test('the endpoint takes no parameters', async (t) => {
    const { status, body } = await metrics(buildReportsApi({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates' }), { verbose: '1' })
    t.equal(status, 400)
    t.same((body as unknown as { errors: unknown[] }).errors, [{ parameter: 'verbose', message: 'is not a parameter of this endpoint (it takes none)' }])
  })
})
