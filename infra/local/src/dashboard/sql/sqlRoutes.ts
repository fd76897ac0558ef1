import type { APIGatewayProxyResult } from 'aws-lambda'
import type { RouteDefinition } from '../../httpServer.js'
import type { EventStreamRouteDefinition } from '../../eventStream.js'
import type { LiveQueries } from './LiveQueries.js'
import { readLiveQueryRequest } from './liveQueryRequest.js'
import { SQL_EXAMPLES } from './sqlExamples.js'

const EXAMPLES: APIGatewayProxyResult = {
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
  body: JSON.stringify({ examples: SQL_EXAMPLES }),
}

/**
 * The SQL page's API on the local platform: `POST /sql/live` with `{"sql": "<Flink SQL>"}` runs the
 * query live and answers with its rows as Server-Sent Events while the request stays open (a 400
 * with `line` and `column` when the query is refused, before anything runs); `GET /sql/examples`
 * lists queries to start from. Closing the request stops the query.
 *
 * @example
 * routes: (ctx) => [...apiRoutes, ...sqlRoutes(new LiveQueries({ kinesis: ctx.services.kinesis, streamName: ctx.streamName }))]
 */
export function sqlRoutes(queries: LiveQueries): Array<RouteDefinition | EventStreamRouteDefinition> {
  return [
    { method: 'GET', resource: '/sql/examples', handler: () => Promise.resolve(EXAMPLES), name: 'sql-examples' },
    {
      method: 'POST',
      resource: '/sql/live',
      open: (event) => {
        const request = readLiveQueryRequest(event)
        return Promise.resolve(request.ok ? queries.stream(request.query) : request.answer)
      },
    },
  ]
}
