import { EVENT_CODECS, type AdEvent } from '../events/AdEvent.js'
import { Location } from '../events/Location.js'
import type { IngestEventType, StreamEventType } from '../constants.js'
import { InvalidArgumentError } from '../errors.js'
import { isIngestEventType, INGEST_EVENT_TYPE_LIST } from '../_internal/isStreamEventType.js'
import type { FieldError } from '../types.js'
import { validateRecord } from './validateRecord.js'

/** What `validateEvent` returns: the typed event, or every bad field and why. */
export type EventValidation = { readonly ok: true; readonly event: AdEvent | Location } | { readonly ok: false; readonly errors: readonly FieldError[] }

const invalid = (field: string, message: string): EventValidation => ({ ok: false, errors: [{ field, message }] })

/**
 * Validates one ad event or location ping at the door and names **every** bad field with why, in words a client can
 * act on (`{field: 'campaign_item_id', message: 'must be an integer'}`). Unknown fields are
 * stripped from the returned event.
 *
 * @param input - the parsed JSON of one event
 * @param type - the event type the caller already knows (a route such as `POST /bid`): `type` in
 *   the input may then be absent (it defaults to this) and any other value is an error. Without it,
 *   `input.type` is required and picks the schema; when it is missing or unknown, that is the one
 *   error reported, since the other fields cannot be judged without a schema.
 * @throws InvalidArgumentError when `type` is given but is not one of `INGEST_EVENT_TYPES`
 * @example
 * ```ts
 * validateEvent({ tx_id: '', campaign_item_id: 1.5 }, 'bid')
 * // { ok: false, errors: [
 * //   { field: 'tx_id', message: 'must not be empty' },
 * //   { field: 'app_uid', message: 'is required' },
 * //   { field: 'campaign_item_id', message: 'must be an integer' } ] }
 * ```
 */
export function validateEvent(input: unknown, type?: IngestEventType): EventValidation {
  if (type !== undefined && !isIngestEventType(type)) {
    throw new InvalidArgumentError(`type must be one of ${INGEST_EVENT_TYPE_LIST}, got ${JSON.stringify(type)}`)
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return invalid('$', 'must be a JSON object')
  const kind = type ?? (input as { type?: unknown }).type
  if (kind === undefined) return invalid('type', `is required (one of ${INGEST_EVENT_TYPE_LIST})`)
  if (!isIngestEventType(kind)) return invalid('type', `must be one of ${INGEST_EVENT_TYPE_LIST}`)
  if (kind === 'location') {
    const ping = validateRecord(Location, input)
    return ping.ok ? { ok: true, event: ping.value } : ping
  }
  const result = validateRecord<(typeof EVENT_CODECS)[StreamEventType]>(EVENT_CODECS[kind], input)
  return result.ok ? { ok: true, event: result.value } : result
}
