import { validateEvent, type FieldError, type IngestEventType, type StampedAdEvent, type StampedLocation } from '@sdp/catalog'
import { MAX_FUTURE_SKEW_MS } from '../constants.js'

/** An event as ingest writes it to the stream: an ad event or a location ping, with its `ts` stamped. */
export type IngestedEvent = StampedAdEvent | StampedLocation

/** One event checked at the door: stamped and ready for the stream, or every bad field. */
export type CheckedEvent = { readonly ok: true; readonly event: IngestedEvent } | { readonly ok: false; readonly errors: readonly FieldError[] }

/**
 * Validates one event with the catalog, refuses an event time more than 5 minutes ahead of `now`,
 * and stamps `ts = now` when the client left it out. A location ping gives its event time as
 * `timestamp`; the stream carries it as `ts`, like every other event.
 *
 * @param input - the parsed JSON of one event
 * @param type - the route's event type, or `undefined` when the event must carry its own (`/events`)
 * @param now - the ingest clock, epoch ms
 */
export function checkEvent(input: unknown, type: IngestEventType | undefined, now: number): CheckedEvent {
  const result = validateEvent(input, type)
  const errors = result.ok ? [] : [...result.errors]
  const kind = type ?? (input as { type?: unknown } | null)?.type
  const field = kind === 'location' ? 'timestamp' : 'ts'
  const ts = (input as Record<string, unknown> | null)?.[field]
  // Only an event time the catalog found well-formed is judged against the clock: one message per field.
  if (typeof ts === 'number' && ts > now + MAX_FUTURE_SKEW_MS && !errors.some((e) => e.field === field)) {
    errors.push({ field, message: `must not be more than 5 minutes ahead of the server clock (now ${now})` })
  }
  if (!result.ok || errors.length > 0) return { ok: false, errors }
  const event = result.event
  if (event.type !== 'location') return { ok: true, event: { ...event, ts: event.ts ?? now } }
  const { app_uid, longitude, latitude, timestamp } = event
  return { ok: true, event: { type: 'location', app_uid, longitude, latitude, ts: timestamp ?? now } }
}
