// The reports API's routing, answer by answer and byte by byte: what any change of router must keep.
import t from 'tap'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { resultsTableDefinition } from '@sdp/stream-runtime'
import { createReportsHandler } from '../../src/handlers/reports-api.js'
import { startDynamo } from '../../../test-support/localServices.js'

const event = (httpMethod: string, path: string, pathParameters: Record<string, string> | null = null): APIGatewayProxyEvent =>
  ({
    httpMethod,
    path,
    pathParameters,
    queryStringParameters: null,
    headers: {},
    multiValueHeaders: {},
    body: null,
    isBase64Encoded: false,
    resource: path,
    stageVariables: null,
    multiValueQueryStringParameters: null,
    requestContext: {},
  }) as unknown as APIGatewayProxyEvent

t.test('routes, methods and their exact answers', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.createTable(resultsTableDefinition('sdp-aggregates'))
  const api = createReportsHandler({ dynamodb: ddb.dynamodb, tableName: 'sdp-aggregates' })
  const json = { 'content-type': 'application/json' }

  t.same(await api(event('GET', '/reports/other')), { statusCode: 404, headers: json, body: '{"error":"no route for GET /reports/other"}' }, 'an unknown route')
  t.same(
    await api(event('DELETE', '/reports/other')),
    { statusCode: 404, headers: json, body: '{"error":"no route for DELETE /reports/other"}' },
    'an unknown route is 404 whatever the method',
  )
  t.same(
    await api(event('GET', '/reports/campaigns/1/period/extra')),
    { statusCode: 404, headers: json, body: '{"error":"no route for GET /reports/campaigns/1/period/extra"}' },
    'a path below a route',
  )
  t.same(await api(event('GET', '/reports/campaigns/')), await api(event('GET', '/reports/campaigns/', { campaign_item_id: '' })), 'not the campaign list')
  t.equal((await api(event('GET', '/reports/campaigns'))).statusCode, 200, 'the campaign list')
  t.equal((await api(event('GET', '/reports/metrics'))).statusCode, 200, 'the metrics')
  t.same(
    await api(event('GET', '/reports/metrics/')),
    { statusCode: 404, headers: json, body: '{"error":"no route for GET /reports/metrics/"}' },
    'the list and the metrics take no trailing slash',
  )

  const notAllowed = (method: string) => ({ statusCode: 405, headers: { ...json, allow: 'GET' }, body: `{"error":"${method} is not allowed here; use GET"}` })
  t.same(await api(event('POST', '/reports/campaigns/1')), notAllowed('POST'), 'a known route with another method')
  t.same(await api(event('PUT', '/reports/campaigns/1/period')), notAllowed('PUT'))
  t.same(await api(event('HEAD', '/reports/campaigns/1/')), notAllowed('HEAD'))
  t.same(await api(event('POST', '/reports/campaigns')), notAllowed('POST'), 'the campaign list')
  t.same(await api(event('DELETE', '/reports/metrics')), notAllowed('DELETE'), 'the metrics')

  t.same(
    await api(event('GET', '/reports/campaigns/7/')),
    { statusCode: 200, headers: json, body: '{"campaign_item_id":7,"bids":0,"imps":0,"clicks":0,"walkins":0,"walkin_clicks":0}' },
    'a trailing slash',
  )
  t.same(
    await api(event('GET', '/reports/campaigns/%37')),
    { statusCode: 200, headers: json, body: '{"campaign_item_id":7,"bids":0,"imps":0,"clicks":0,"walkins":0,"walkin_clicks":0}' },
    'the id is percent-decoded',
  )
  t.same(
    await api(event('GET', '/reports/campaigns/x', { campaign_item_id: '8' })),
    { statusCode: 200, headers: json, body: '{"campaign_item_id":8,"bids":0,"imps":0,"clicks":0,"walkins":0,"walkin_clicks":0}' },
    "API Gateway's path parameter wins",
  )
  const empty = await api(event('GET', '/reports/campaigns/'))
  t.equal(empty.statusCode, 400, 'an empty id is a bad request, not an unknown route')
  t.same(JSON.parse(empty.body).errors, [{ parameter: 'campaign_item_id', message: 'must be a non-negative integer' }])
})
