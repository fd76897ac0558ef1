import t from 'tap'
import { readFileSync } from 'node:fs'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { resultsTableDefinition } from '@sdp/stream-runtime'
import { createReportsHandler } from '../../src/handlers/reports-api.js'
import { startDynamo } from '../../../test-support/localServices.js'
import { ResultsWriter } from '../../../test-support/resultsWriter.js'

const fixture: APIGatewayProxyEvent = JSON.parse(
  readFileSync(new URL('../../../test-support/fixtures/apigw-proxy-get-report-period.json', import.meta.url), 'utf8'),
)
const get = (path: string, query: Record<string, string> | null = null, method = 'GET'): APIGatewayProxyEvent => ({
  ...fixture,
  httpMethod: method,
  path,
  resource: path.endsWith('/period') ? '/reports/campaigns/{campaign_item_id}/period' : '/reports/campaigns/{campaign_item_id}',
  pathParameters: { campaign_item_id: decodeURIComponent(path.split('/')[3] ?? '') },
  queryStringParameters: query,
})

t.test('reports API over dynalite', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.createTable(resultsTableDefinition('sdp-aggregates'))
  const store = new ResultsWriter(ddb.dynamodb, 'sdp-aggregates')
  const minute = (iso: string) => ({ start: Date.parse(iso), end: Date.parse(iso) + 60_000 })
  await store.write([
    { id: 'shard-a:1-1', key: 1463517, window: minute('2026-11-01T05:10:00Z'), accumulator: [3, 2, 1] }, // 01:10 EDT
    { id: 'shard-b:1-1', key: 1463517, window: minute('2026-11-01T05:10:00Z'), accumulator: [1, 0, 0] }, // another shard's partial
    { id: 'shard-a:1-1', key: 1463517, window: minute('2026-11-01T06:20:00Z'), accumulator: [5, 1, 0] }, // 01:20 EST
    { id: 'shard-a:1-1', key: 1463517, window: minute('2026-11-02T13:00:00Z'), accumulator: [7, 7, 7] }, // after `to`
  ])
  const api = createReportsHandler({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates' })
  const body = async (e: APIGatewayProxyEvent) => {
    const r = await api(e)
    return { status: r.statusCode, body: JSON.parse(r.body) }
  }

  t.test('the DST fixture: one row per local hour, the repeated 01:00 twice', async (t) => {
    const r = await body(fixture)
    t.equal(r.status, 200)
    t.same(
      r.body.rows.map((x: { period: string; bids: number; imps: number; clicks: number }) => [x.period, x.bids, x.imps, x.clicks]),
      [
        ['2026-11-01T01:00:00-04:00', 4, 2, 1],
        ['2026-11-01T01:00:00-05:00', 5, 1, 0],
      ],
    )
  })

  t.test('days in the zone, descending', async (t) => {
    const r = await body(get('/reports/campaigns/1463517/period', { period: 'DAYS', timezone: 'America/New_York', desc: 'true' }))
    t.same(
      r.body.rows.map((x: { period: string; bids: number }) => [x.period, x.bids]),
      [
        ['2026-11-02T00:00:00-05:00', 7],
        ['2026-11-01T00:00:00-04:00', 9],
      ],
    )
  })

  t.test('totals, and zeros for an unknown campaign', async (t) => {
    t.same((await body(get('/reports/campaigns/1463517'))).body, { campaign_item_id: 1463517, bids: 16, imps: 10, clicks: 8, walkins: 0, walkin_clicks: 0 })
    t.same((await body(get('/reports/campaigns/42'))).body, { campaign_item_id: 42, bids: 0, imps: 0, clicks: 0, walkins: 0, walkin_clicks: 0 })
  })

  t.test('bad requests name what was wrong', async (t) => {
    const nonInteger = await body(get('/reports/campaigns/abc'))
    t.equal(nonInteger.status, 400)
    t.same(nonInteger.body.errors, [{ parameter: 'campaign_item_id', message: 'must be a non-negative integer' }])
    const badQuery = await body(get('/reports/campaigns/1/period', { period: 'YEARS', timezone: 'Nowhere/City' }))
    t.equal(badQuery.status, 400)
    t.same(
      badQuery.body.errors.map((e: { parameter: string }) => e.parameter),
      ['period', 'timezone'],
    )
    t.equal((await body(get('/reports/campaigns/1', null, 'POST'))).status, 405)
    t.equal((await body(get('/reports/other'))).status, 404)
  })
})
