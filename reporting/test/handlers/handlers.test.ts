import t from 'tap'
import { readFileSync } from 'node:fs'
import { ConfigError, createLogger, type LogRecord } from '@sdp/service-kit'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { createReportsHandler, reportsHandlerFromEnv } from '../../src/handlers/reports-api.js'
import { reportingMergeHandlerFromEnv } from '../../src/handlers/merge.js'
import { reportingWindowHandlerFromEnv } from '../../src/handlers/window.js'
import { startDynamo } from '../../../test-support/localServices.js'

const fixture: APIGatewayProxyEvent = JSON.parse(
  readFileSync(new URL('../../../test-support/fixtures/apigw-proxy-get-report-period.json', import.meta.url), 'utf8'),
)

t.test('a DynamoDB failure answers 503 with the shared JSON error, and is logged', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  const lines: LogRecord[] = []
  // dynalite holds no such table: DynamoDB answers ResourceNotFoundException, as it would for a table deleted under the API
  const api = createReportsHandler({
    dynamodb: ddb.dynamodb,
    tableName: 'no-such-table',
    logger: createLogger({ serviceName: 'reports-api', sink: (l) => lines.push(l) }),
  })
  const r = await api({
    ...fixture,
    path: '/reports/campaigns/1463517',
    resource: '/reports/campaigns/{campaign_item_id}',
    pathParameters: { campaign_item_id: '1463517' },
    queryStringParameters: null,
  })
  t.equal(r.statusCode, 503)
  t.equal(r.headers?.['retry-after'], '1')
  t.same(JSON.parse(r.body), { error: 'unavailable', message: 'the reports store is unavailable; retry after 1 s' })
  t.match(lines, [{ level: 'ERROR', message: 'the reports store is unavailable', error: { name: 'ResourceNotFoundException' } }])
})

t.test('every handler names all missing settings at once', async (t) => {
  t.throws(() => reportsHandlerFromEnv({}), new ConfigError('AGGREGATES_TABLE is required'))
  t.throws(() => reportingMergeHandlerFromEnv({ ALLOWED_LATENESS_SECONDS: 'soon' }), {
    name: 'ConfigError',
    message:
      '4 settings are wrong: LAKE_BUCKET is required; AGGREGATES_TABLE is required; PARTIALS_STREAM is required; ALLOWED_LATENESS_SECONDS must be a whole number of seconds >= 1, got "soon"',
  })
  const error = t.throws(() => reportingWindowHandlerFromEnv({ LAKE_BUCKET: 'b' })) as ConfigError
  t.same(
    error.problems.map((p) => p.variable),
    ['STREAM_NAME', 'PARTIALS_STREAM', 'GLUE_DATABASE', 'RAW_IMPRESSIONS_DELIVERY_STREAM', 'RAW_CLICKS_DELIVERY_STREAM', 'RAW_AGGREGATES_DELIVERY_STREAM'],
  )
  t.type(reportsHandlerFromEnv({ AGGREGATES_TABLE: 't', AWS_REGION: 'us-east-1' }), 'function')
})
