import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { LOCAL_ACCOUNT_ID } from './eventSourceMapping/constants.js'

/** The parts of an HTTP request the translation needs. */
export interface ProxyRequest {
  readonly method: string
  /** The request target as received: path plus optional query string. */
  readonly url: string
  /** `IncomingMessage.rawHeaders`: names in the client's case, repeated names kept. */
  readonly rawHeaders: ReadonlyArray<string>
  /** Raw body text; `undefined` or empty when there is none. */
  readonly body: string | undefined
  /** Decoded values of the route's `{name}` placeholders. */
  readonly pathParameters: Readonly<Record<string, string>>
  readonly sourceIp: string
  readonly protocol: string
}

/**
 * Translates an HTTP request into an API Gateway REST proxy event (payload 1.0): headers and
 * query parameters in single- and multi-value form (`null` when absent, as API Gateway sends),
 * the raw body as a string, and a `requestContext` for stage `local`.
 *
 * @param request - the request
 * @param resource - the matched resource template, e.g. `/reports/campaigns/{campaign_item_id}/period`
 */
export function toApiGatewayEvent(request: ProxyRequest, resource: string): APIGatewayProxyEvent {
  const queryAt = request.url.indexOf('?')
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt)
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] ?? ''
    const value = request.rawHeaders[i + 1] ?? ''
    headers[name] = value
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value]
  }
  const query: Record<string, string> = {}
  const multiValueQuery: Record<string, string[]> = {}
  if (queryAt >= 0) {
    for (const [name, value] of new URLSearchParams(request.url.slice(queryAt + 1))) {
      query[name] = value
      multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value]
    }
  }
  const hasQuery = Object.keys(query).length > 0
  const hasParams = Object.keys(request.pathParameters).length > 0
  const userAgent = headerValue(headers, 'user-agent')
  return {
    resource,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: hasParams ? { ...request.pathParameters } : null,
    stageVariables: null,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      authorizer: {},
      protocol: request.protocol,
      httpMethod: request.method,
      path: `/local${path}`,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: userAgent ?? null,
        userArn: null,
      },
    },
    body: request.body === undefined || request.body === '' ? null : request.body,
    isBase64Encoded: false,
  }
}

/** Builds the {@link ProxyRequest} of a Node request. */
export function proxyRequestOf(raw: IncomingMessage, body: string | undefined, pathParameters: Readonly<Record<string, string>>): ProxyRequest {
  return {
    method: raw.method ?? 'GET',
    url: raw.url ?? '/',
    rawHeaders: raw.rawHeaders,
    body,
    pathParameters,
    sourceIp: raw.socket.remoteAddress ?? '127.0.0.1',
    protocol: `HTTP/${raw.httpVersion}`,
  }
}

/**
 * A header of an event by its lower-case name: API Gateway keeps the names as the client sent them.
 *
 * @returns the first header whose name matches regardless of case, or undefined
 */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, lowerName: string): string | undefined {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === lowerName) return value
  return undefined
}
