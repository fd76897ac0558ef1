import t from 'tap'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import { buildDashboard, dashboardRoutes, LocalPlatformMetrics, writeDashboard } from '../../src/dashboard/index.js'
import type { EventSourceMappingCounters } from '../../src/eventSourceMapping/types.js'
import { FaultCounter } from '../../src/faults/FaultCounter.js'
import { startHttpServer } from '../../src/httpServer.js'
import { silentLogger } from '../../src/logger.js'
import { services } from '../_support/harness.js'

/** The files of the dashboard's site, sorted. */
const SITE_FILES = [
  'dashboard/app.css',
  'dashboard/app.css.map',
  'dashboard/app.js',
  'dashboard/app.js.map',
  'dashboard/sql.js',
  'dashboard/sql.js.map',
  'index.html',
  'sql.html',
]

t.test('the build bundles the page, its script and styles, and sets the API base', async (t) => {
  const site = await buildDashboard({ apiBase: 'https://api.example/prod/' })
  t.same([...site.keys()].sort(), SITE_FILES)
  t.match(site.get('index.html')?.body, '<meta name="sdp-api-base" content="https://api.example/prod/" />')
  t.match(site.get('sql.html')?.body, '<meta name="sdp-api-base" content="https://api.example/prod/" />', 'the SQL page too')
  t.match(site.get('sql.html')?.body, 'src="dashboard/sql.js"')
  t.match(site.get('dashboard/sql.js')?.body, 'sql/live', 'the SQL page runs queries live')
  t.ok((site.get('dashboard/sql.js')?.body.length ?? 0) < 200_000, 'a small bundle')
  t.match(site.get('dashboard/app.js')?.body, 'reports/campaigns', 'the script calls the campaign list')
  t.match(site.get('dashboard/app.css')?.body, '.uplot', "uPlot's styles are bundled")
  t.ok((site.get('dashboard/app.js')?.body.length ?? 0) < 200_000, 'a small bundle')
  t.equal(site.get('dashboard/app.js')?.contentType, 'text/javascript; charset=utf-8')
})

t.test('the static build writes a site that needs nothing else', async (t) => {
  const dir = t.testdir()
  const files = await writeDashboard(dir)
  t.same(files, SITE_FILES)
  t.same((await readdir(join(dir, 'dashboard'))).sort(), ['app.css', 'app.css.map', 'app.js', 'app.js.map', 'sql.js', 'sql.js.map'])
  const html = await readFile(join(dir, 'index.html'), 'utf8')
  t.match(html, 'src="dashboard/app.js"', 'assets are referenced relative to the page, so a stage prefix works')
  t.notMatch(html, /https?:\/\//, 'nothing loaded from elsewhere')
})

t.test('the routes serve the page with validators and the two report endpoints', async (t) => {
  const s = await services(t)
  let builds = 0
  const routes = dashboardRoutes({
    dynamodb: s.dynamodb,
    s3: s.s3,
    aggregatesTable: 'sdp-aggregates',
    bucket: 'sdp-lake',
    site: async () => (builds++, buildDashboard()),
  })
  t.same(
    routes.map((r) => `${r.method} ${r.resource}`),
    ['GET /', 'GET /sql', 'GET /dashboard/{file}', 'GET /reports/campaigns', 'GET /reports/metrics'],
  )
  const server = await startHttpServer({ port: 0, routes, isReady: () => true, logger: silentLogger })
  t.teardown(() => server.close())

  const page = await fetch(`${server.url}/`)
  t.equal(page.status, 200)
  t.equal(page.headers.get('content-type'), 'text/html; charset=utf-8')
  t.match(page.headers.get('content-security-policy'), "default-src 'self'")
  t.match(await page.text(), 'data-app="sdp-dashboard"')
  const etag = page.headers.get('etag') ?? ''
  t.equal((await fetch(`${server.url}/`, { headers: { 'if-none-match': etag } })).status, 304, 'unchanged: 304')
  const sqlPage = await fetch(`${server.url}/sql`)
  t.equal(sqlPage.status, 200)
  t.match(sqlPage.headers.get('content-security-policy'), "default-src 'self'", 'the SQL page under the same policy')
  t.match(await sqlPage.text(), 'data-app="sdp-sql"')
  const script = await fetch(`${server.url}/dashboard/app.js`)
  t.equal(script.status, 200)
  t.match(script.headers.get('content-type'), 'text/javascript')
  t.equal((await fetch(`${server.url}/dashboard/nope.js`)).status, 404)
  t.equal((await fetch(`${server.url}/dashboard/..%2Fpackage.json`)).status, 404, 'only built files are served')
  t.equal(builds, 1, 'built once, on first use')
  // The table does not exist here: the list endpoint is mounted (it answers an error of its own, not a 404 route miss).
  t.equal((await fetch(`${server.url}/reports/campaigns?limit=0`)).status, 400, 'the campaign list validates its parameters')
  t.equal((await fetch(`${server.url}/reports/metrics?x=1`)).status, 400, 'the metrics endpoint is mounted')
})

t.test('a failed build answers 500 and is retried', async (t) => {
  let calls = 0
  const [page] = dashboardRoutes({
    dynamodb: {} as never,
    s3: {} as never,
    aggregatesTable: 'sdp-aggregates',
    bucket: 'sdp-lake',
    site: async () => {
      calls++
      throw new Error('boom')
    },
  })
  const event = { path: '/', httpMethod: 'GET', headers: {} } as unknown as APIGatewayProxyEvent
  const first = (await page?.handler(event, {} as Context)) as APIGatewayProxyResult
  t.equal(first.statusCode, 500)
  t.match(first.body, 'the dashboard could not be built: boom')
  await page?.handler(event, {} as Context)
  t.equal(calls, 2)
})

t.test('local platform metrics: ingest rate and total, consumer lag, the last compaction', async (t) => {
  let now = 1_000_000
  const metrics = new LocalPlatformMetrics(() => now)
  t.same(metrics.snapshot(), {}, 'nothing fed, nothing reported')
  const answer = (statusCode: number, body: unknown) => async () => ({ statusCode, body: JSON.stringify(body) })
  const batch = metrics.meterIngest(answer(200, { ok: true, items: [{}, {}, {}] }))
  const single = metrics.meterIngest(answer(200, { ok: true, type: 'bid' }))
  const refused = metrics.meterIngest(answer(400, { error: 'invalid request' }))
  const call = (h: typeof batch) => h({} as APIGatewayProxyEvent, {} as Context)
  for (let i = 0; i < 10; i++) {
    await call(batch) // 3 events
    await call(single) // 1 event
    await call(refused) // none
    now += 1000
  }
  // the rate averages the last ten seconds, the current one included: here 9 of them held 4 events each
  t.same(metrics.snapshot().ingest, { eventsPerSecond: 3.6, eventsTotal: 40 })
  now += 5000
  t.same(metrics.snapshot().ingest, { eventsPerSecond: 1.6, eventsTotal: 40 }, 'four busy seconds left in the window')
  now += 60_000
  t.same(metrics.snapshot().ingest, { eventsPerSecond: 0, eventsTotal: 40 }, 'idle')

  const counters: EventSourceMappingCounters = { invocations: 7, finalInvocations: 2, failures: 1, records: 99 }
  metrics.attach({ mappings: [{ name: 'reporting', lagMs: () => 1234, counters }] })
  t.same(metrics.snapshot().consumers, [{ name: 'reporting', lagMs: 1234, invocations: 7, failures: 1, records: 99 }])
  const totals = {
    partitions: 3,
    compacted: 2,
    skipped: 1,
    filesIn: 9,
    filesOut: 2,
    bytesIn: 1,
    bytesOut: 1,
    rowsIn: 5,
    rowsOut: 5,
    duplicatesDropped: 0,
    deleted: 9,
  }
  metrics.recordCompaction({ startedAt: 5000, durationMs: 250, partitions: [], totals, mbPerSecond: 1 })
  t.same(metrics.snapshot().compaction, { finishedAt: 5250, durationMs: 250, partitionsCompacted: 2, filesIn: 9, filesOut: 2 })
  t.notOk('faults' in metrics.snapshot(), 'no fault proxy, no fault figures')

  const counts = new FaultCounter()
  counts.request('s3', 'PutObject', 'sdp-lake/state', 1)
  counts.request('s3', 'PutObject', 'sdp-lake/state', 2)
  counts.fault('s3', 'SlowDown', 'PutObject', 'sdp-lake/state')
  counts.fault('s3', 'ResetAfterApply', 'PutObject', 'sdp-lake/parquet')
  counts.request('kinesis', 'PutRecords', 'sdp-events', 1)
  counts.fault('kinesis', 'PartialFailure', 'PutRecords', 'sdp-events')
  metrics.attach({ mappings: [], faults: { description: 's3=0.1,kinesis=0.1,seed=3', counts: counts.snapshot() } })
  t.same(
    metrics.snapshot().faults,
    {
      spec: 's3=0.1,kinesis=0.1,seed=3',
      requests: { s3: 2, dynamodb: 0, kinesis: 1 },
      injected: { s3: 2, dynamodb: 0, kinesis: 1 },
      sdkRetries: { s3: 1, dynamodb: 0, kinesis: 0 },
    },
    'the fault proxy summed per service',
  )
})
