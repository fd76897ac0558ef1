import type { Route } from '../routes.js'
import type { IngestResponse } from '../types.js'
import type { BodyFormat } from './readBody.js'
import { locateJsonError } from './locateJsonError.js'
import { problem } from './responses.js'

/** The items of a body (not yet validated), or the 400 response that refuses it. */
export type ParsedBody = { readonly ok: true; readonly items: readonly unknown[] } | { readonly ok: false; readonly response: IngestResponse }

/**
 * Parses a body into the items it carries: a single-event route takes one JSON value; `/events`
 * takes a JSON array, or NDJSON (one value per non-blank line; `\r\n` line ends accepted).
 * A syntax error answers 400 `malformed JSON` with the line and column; a JSON `/events` body
 * that is not an array answers 400 `invalid request`.
 */
export function parseBody(text: string, format: BodyFormat, route: Route): ParsedBody {
  if (format === 'json') {
    const parsed = parseJson(text, 0)
    if (!parsed.ok) return parsed
    if (route.kind === 'single') return { ok: true, items: [parsed.value] }
    if (Array.isArray(parsed.value)) return { ok: true, items: parsed.value }
    return {
      ok: false,
      response: problem(400, 'invalid request', 'POST /events takes a JSON array of events, or NDJSON (one event per line)'),
    }
  }
  const items: unknown[] = []
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue
    const parsed = parseJson(line.endsWith('\r') ? line.slice(0, -1) : line, index)
    if (!parsed.ok) return parsed
    items.push(parsed.value)
  }
  return { ok: true, items }
}

function parseJson(text: string, lineOffset: number): { ok: true; value: unknown } | { ok: false; response: IngestResponse } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    // JSON.parse does not always give a position; find it ourselves (only on this failure path).
    const located = locateJsonError(text)
    const line = (located?.line ?? 1) + lineOffset
    const column = located?.column ?? 1
    const reason = located?.reason ?? (error as Error).message
    return {
      ok: false,
      response: problem(400, 'malformed JSON', `${reason} at line ${line}, column ${column}`, { line, column }),
    }
  }
}
