import type { APIGatewayProxyEvent } from 'aws-lambda'
import type { IngestResponse } from '../types.js'
import type { Route } from '../routes.js'
import { problem } from './responses.js'

/** How a body is framed: one JSON text, or newline-delimited JSON (one event per line). */
export type BodyFormat = 'json' | 'ndjson'

/** A body read off the request, or the response that refuses it. */
export type ReadBody = { readonly ok: true; readonly text: string; readonly format: BodyFormat } | { readonly ok: false; readonly response: IngestResponse }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A header's value, whatever case the client wrote its name in. */
export function header(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>, name: string): string | undefined {
  for (const map of [event.headers, event.multiValueHeaders]) {
    if (map === null || map === undefined) continue
    for (const [key, value] of Object.entries(map)) {
      if (key.toLowerCase() !== name || value === undefined) continue
      return Array.isArray(value) ? value.join(', ') : (value as string)
    }
  }
  return undefined
}

/**
 * The body format a `Content-Type` allows on a route: `application/json` everywhere (a `charset`
 * parameter must say UTF-8), `application/x-ndjson` on `/events` only; `undefined` otherwise.
 */
export function bodyFormat(contentType: string | undefined, route: Route): BodyFormat | undefined {
  if (contentType === undefined) return undefined
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase())
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim())
    if (name === 'charset' && !['utf-8', 'utf8'].includes(value.replace(/^"|"$/g, ''))) return undefined
  }
  if (mediaType === 'application/json') return 'json'
  if (mediaType === 'application/x-ndjson' && route.kind === 'batch') return 'ndjson'
  return undefined
}

/**
 * Reads the body of a proxy event: refuses an empty body (400), an unsupported content type (415),
 * a body over `maxBodyBytes` after base64 decoding (413) and bytes that are not UTF-8 (400).
 */
export function readBody(event: APIGatewayProxyEvent, route: Route, maxBodyBytes: number): ReadBody {
  const raw = event.body ?? ''
  if (raw.trim().length === 0) return refuse(400, 'empty body', 'the request body is empty')
  const format = bodyFormat(header(event, 'content-type'), route)
  if (format === undefined) {
    const accepted = route.kind === 'batch' ? 'application/json or application/x-ndjson' : 'application/json'
    return refuse(415, 'unsupported media type', `Content-Type must be ${accepted} (UTF-8)`)
  }
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined
  const size = bytes?.length ?? Buffer.byteLength(raw, 'utf8')
  if (size > maxBodyBytes) {
    return refuse(413, 'body too large', `the body is ${size} bytes; at most ${maxBodyBytes} are accepted`)
  }
  let text = raw
  if (bytes !== undefined) {
    try {
      text = utf8.decode(bytes)
    } catch {
      return refuse(400, 'invalid encoding', 'the body is not valid UTF-8')
    }
  }
  if (text.trim().length === 0) return refuse(400, 'empty body', 'the request body holds only whitespace')
  return { ok: true, text, format }
}

function refuse(statusCode: number, error: string, message: string): ReadBody {
  return { ok: false, response: problem(statusCode, error, message) }
}
