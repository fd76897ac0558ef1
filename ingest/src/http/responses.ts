import type { IngestResponse } from '../types.js'

/** A JSON response with lowercase header names. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): IngestResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

/** An error response: `{error, message, ...details}`; `error` is a short stable phrase, `message` says what to do. */
export function problem(
  statusCode: number,
  error: string,
  message: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): IngestResponse {
  return json(statusCode, { error, message, ...details }, headers)
}
