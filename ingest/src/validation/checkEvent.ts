import { validateEvent, type FieldError, type StampedAdEvent, type StreamEventType } from '@sdp/catalog'
import { MAX_FUTURE_SKEW_MS } from '../constants.js'

/** One event checked at the door: stamped and ready for the stream, or every bad field. */
export type CheckedEvent = { readonly ok: true; readonly event: StampedAdEvent } | { readonly ok: false; readonly errors: readonly FieldError[] }

/**
 * Validates one event with the catalog, refuses a `ts` more than 5 minutes ahead of `now`, and
 * stamps `ts = now` when the client left it out.
 *
 * @param input - the parsed JSON of one event
 * @param type - the route's event type, or `undefined` when the event must carry its own (`/events`)
 * @param now - the ingest clock, epoch ms
 */
export function checkEvent(input: unknown, type: StreamEventType | undefined, now: number): CheckedEvent {
  const result = validateEvent(input, type)
  const errors = result.ok ? [] : [...result.errors]
  const ts = (input as { ts?: unknown } | null)?.ts
  // Only a ts the catalog found well-formed is judged against the clock: one message per field.
  if (typeof ts === 'number' && ts > now + MAX_FUTURE_SKEW_MS && !errors.some((e) => e.field === 'ts')) {
    errors.push({ field: 'ts', message: `must not be more than 5 minutes ahead of the server clock (now ${now})` })
  }
  if (!result.ok || errors.length > 0) return { ok: false, errors }
  return { ok: true, event: { ...result.event, ts: result.event.ts ?? now } }
}
