import type { APIGatewayProxyEvent } from 'aws-lambda'
import { readFileSync } from 'node:fs'

/** The shared API Gateway fixture: `POST /bid` with the original README's bid. */
export const fixture = JSON.parse(
  readFileSync(new URL('../../../test-support/fixtures/apigw-proxy-post-bid.json', import.meta.url), 'utf8'),
) as APIGatewayProxyEvent

/** The bid the fixture carries. */
export const readmeBid = JSON.parse(fixture.body ?? '') as Record<string, unknown>

export interface RequestShape {
  readonly path?: string
  readonly method?: string
  /** A string is sent as is; anything else as its JSON. */
  readonly body?: unknown
  /** Replaces the fixture's headers; `contentType` is a shortcut for the one that matters. */
  readonly headers?: Record<string, string>
  readonly contentType?: string | null
  readonly base64?: boolean
}

/** The fixture reshaped into another request. */
export function apiEvent(shape: RequestShape = {}): APIGatewayProxyEvent {
  const path = shape.path ?? '/bid'
  const text = shape.body === undefined ? fixture.body : typeof shape.body === 'string' ? shape.body : JSON.stringify(shape.body)
  const headers: Record<string, string> = { ...(shape.headers ?? { Host: 'abc123.execute-api.us-east-1.amazonaws.com' }) }
  const contentType = shape.contentType === undefined ? 'application/json' : shape.contentType
  if (contentType !== null) headers['Content-Type'] = contentType
  return {
    ...fixture,
    path,
    resource: path,
    httpMethod: shape.method ?? 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    body: shape.base64 === true && text !== null ? Buffer.from(text, 'utf8').toString('base64') : text,
    isBase64Encoded: shape.base64 === true,
  }
}
