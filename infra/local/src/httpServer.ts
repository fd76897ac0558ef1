import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { lambdaContext } from './_internal/lambdaContext.js'
import { proxyRequestOf, toApiGatewayEvent } from './apiGatewayEvent.js'
import { LOCAL_HOST, LOCAL_REGION } from './constants.js'
import { LOCAL_ACCOUNT_ID } from './eventSourceMapping/constants.js'
import { RouteDefinitionError } from './errors.js'
import { sendEventStream, type EventStreamRouteDefinition } from './eventStream.js'
import { consoleLogger, type Logger } from './logger.js'

/** HTTP methods a route may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** An API Gateway (REST, payload 1.0) Lambda proxy handler. */
export type ApiGatewayHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>

/** One API Gateway route: method + resource template → handler. */
export interface RouteDefinition {
  readonly method: HttpMethod
  /** Resource template as in API Gateway: `/reports/campaigns/{campaign_item_id}`; `{name+}` is greedy. */
  readonly resource: string
  readonly handler: ApiGatewayHandler
  /** Function name in the Lambda context. @default derived from method and resource */
  readonly name?: string
}

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number
  /** API Gateway routes, and local-only routes that answer with Server-Sent Events. */
  readonly routes: ReadonlyArray<RouteDefinition | EventStreamRouteDefinition>
  /** `GET /health` answers 200 while this is true, 503 otherwise. */
  readonly isReady: () => boolean
  /** Extra fields for the `/health` body (lag, counters…). */
  readonly healthDetails?: () => Record<string, unknown>
  /**
   * Largest body the server accepts (API Gateway's payload limit); keep it above the handlers'
   * own limits so they answer 413 themselves. @default 10 MiB
   */
  readonly bodyLimitBytes?: number
  /** @default consoleLogger */
  readonly logger?: Logger
}

/** A listening local API. */
export interface LocalHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** Stops accepting requests, ends open event streams and closes open connections. */
  close(): Promise<void>
}

const INTERNAL_ERROR = JSON.stringify({ message: 'Internal server error' })

/**
 * Serves API Gateway routes locally with fastify: each request becomes a REST proxy event (raw
 * body string for any content type), the handler's proxy result becomes the response. A handler
 * that throws or returns a malformed result gets API Gateway's 502. `GET /health` reports
 * readiness; unknown routes answer 404 JSON. An event-stream route sends Server-Sent Events until
 * its stream returns or the client goes away.
 *
 * @example
 * const server = await startHttpServer({
 *   port: 0,
 *   routes: [{ method: 'POST', resource: '/bid', handler }],
 *   isReady: () => true,
 * })
 */
export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const logger = options.logger ?? consoleLogger
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024 })
  // Handlers parse bodies themselves (and answer 400/413): keep every body as raw text.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  app.get('/health', async (_request, reply) => {
    const ready = options.isReady()
    const details = options.healthDetails?.() ?? {}
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'starting', ...details })
  })

  // Open event streams: the server's close ends them and waits for them.
  const closing = new AbortController()
  const streams = new Set<Promise<void>>()
  for (const route of options.routes) {
    if ('open' in route) {
      app.route({
        method: route.method,
        url: toFastifyPath(route.resource),
        handler: async (request, reply) => {
          let answer
          try {
            answer = await route.open(apiEvent(request, route.resource))
          } catch (error) {
            logger.error(`${route.method} ${route.resource}: handler threw`, { error })
            return sendInternalError(reply)
          }
          if (typeof answer !== 'function') return sendResult(reply, answer, route, logger)
          reply.hijack()
          const sent = sendEventStream(reply.raw, answer, closing.signal, (error) => logger.error(`${route.method} ${route.resource}: stream threw`, { error }))
          streams.add(sent)
          void sent.finally(() => streams.delete(sent))
          return reply
        },
      })
      continue
    }
    const functionName = route.name ?? functionNameOf(route)
    const functionArn = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`
    app.route({
      method: route.method,
      url: toFastifyPath(route.resource),
      handler: async (request, reply) => {
        let result: unknown
        try {
          result = await route.handler(apiEvent(request, route.resource), lambdaContext(functionName, functionArn))
        } catch (error) {
          logger.error(`${route.method} ${route.resource}: handler threw`, { error })
          return sendInternalError(reply)
        }
        return sendResult(reply, result, route, logger)
      },
    })
  }

  app.setNotFoundHandler((request, reply) => reply.code(404).send({ message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}` }))
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) logger.error('HTTP server error', { error: error.message })
    return reply.code(status).send({ message: error.message })
  })

  await app.listen({ port: options.port, host: LOCAL_HOST })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  return {
    url: `http://${LOCAL_HOST}:${port}`,
    port,
    close: async () => {
      closing.abort()
      await Promise.all(streams)
      const closed = app.close()
      app.server.closeAllConnections()
      await closed
    },
  }
}

/** The request as the REST proxy event API Gateway would send for `resource`. */
function apiEvent(request: FastifyRequest, resource: string): APIGatewayProxyEvent {
  const body = typeof request.body === 'string' ? request.body : undefined
  const params = (request.params ?? {}) as Record<string, string>
  const greedy = greedyName(resource)
  const pathParameters = greedy === undefined ? params : renameWildcard(params, greedy)
  return toApiGatewayEvent(proxyRequestOf(request.raw, body, pathParameters), resource)
}

function sendResult(reply: FastifyReply, result: unknown, route: Pick<RouteDefinition, 'method' | 'resource'>, logger: Logger): FastifyReply {
  if (!isProxyResult(result)) {
    logger.error(`${route.method} ${route.resource}: malformed Lambda proxy response (API Gateway answers 502)`)
    return sendInternalError(reply)
  }
  reply.code(result.statusCode)
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, String(value))
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) reply.header(name, values.map(String))
  if (!reply.hasHeader('content-type')) reply.header('content-type', 'application/json')
  const body = result.body ?? ''
  return reply.send(result.isBase64Encoded === true ? Buffer.from(body, 'base64') : body)
}

/** A Lambda proxy response API Gateway accepts: an object with an HTTP status code and, if any, a string body. */
function isProxyResult(result: unknown): result is Partial<APIGatewayProxyResult> & { statusCode: number } {
  if (typeof result !== 'object' || result === null) return false
  const r = result as Partial<APIGatewayProxyResult>
  const status = r.statusCode
  return Number.isInteger(status) && (status ?? 0) >= 100 && (status ?? 0) <= 599 && (r.body === undefined || typeof r.body === 'string')
}

function sendInternalError(reply: FastifyReply): FastifyReply {
  return reply.code(502).header('content-type', 'application/json').send(INTERNAL_ERROR)
}

/** `/a/{id}/b` → `/a/:id/b`; a trailing greedy `{proxy+}` → `*`. */
function toFastifyPath(resource: string): string {
  if (!resource.startsWith('/')) throw new RouteDefinitionError(`resource must start with '/', got '${resource}'`)
  return resource
    .split('/')
    .map((segment, i, all) => {
      const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(segment)
      if (greedy) {
        if (i !== all.length - 1) {
          throw new RouteDefinitionError(`a greedy {name+} must be the last segment of '${resource}'`)
        }
        return '*'
      }
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment)
      if (param) return `:${param[1] ?? ''}`
      if (/[{}]/.test(segment)) throw new RouteDefinitionError(`malformed path parameter in '${resource}'`)
      return segment.replaceAll(':', '::')
    })
    .join('/')
}

function greedyName(resource: string): string | undefined {
  return /\{([A-Za-z0-9_]+)\+\}$/.exec(resource)?.[1]
}

function renameWildcard(params: Record<string, string>, name: string): Record<string, string> {
  const { '*': rest, ...others } = params
  return rest === undefined ? others : { ...others, [name]: rest }
}

function functionNameOf(route: RouteDefinition): string {
  const slug = route.resource
    .replace(/[{}+]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `api-${route.method.toLowerCase()}-${slug || 'root'}`.slice(0, 64)
}
