import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import type { FieldError } from '@sdp/catalog'
import { KINESIS_LIMITS, MAX_EVENTS_PER_REQUEST } from '../constants.js'
import { json, problem } from '../http/responses.js'
import type { Route } from '../routes.js'
import type { IngestResponse } from '../types.js'
import { checkEvent, type IngestedEvent } from './checkEvent.js'

/** Events ready for the stream with their Kinesis records, or the response that refuses the request. */
export type PreparedEvents =
  | { readonly ok: true; readonly events: readonly IngestedEvent[]; readonly records: readonly PutRecordsRequestEntry[] }
  | { readonly ok: false; readonly response: IngestResponse }

const refuse = (response: IngestResponse): PreparedEvents => ({ ok: false, response })

/**
 * Turns a request's items into stamped events and their Kinesis records — all or nothing:
 * - a single-event route: any bad field answers 400 `{error: 'invalid event', errors: [{field, message}]}`;
 * - `/events`: no items answers 400, more than 500 answers 413, any bad item answers
 *   400 `{error: 'invalid events', errors: [{index, errors: [{field, message}]}]}`;
 * - an event whose record would exceed the 1 MiB Kinesis record limit answers 413.
 *
 * Each record's partition key is `tx_id` (a location ping's: its `app_uid`); its data the JSON of
 * the stamped event.
 */
export function prepareEvents(route: Route, items: readonly unknown[], now: number): PreparedEvents {
  if (items.length === 0) return refuse(problem(400, 'empty batch', 'the batch holds no events'))
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    const message = `at most ${MAX_EVENTS_PER_REQUEST} events per request; this one has ${items.length}: split it`
    return refuse(problem(413, 'too many events', message))
  }
  const type = route.kind === 'single' ? route.type : undefined
  const events: IngestedEvent[] = []
  const invalid: { index: number; errors: readonly FieldError[] }[] = []
  for (const [index, item] of items.entries()) {
    const checked = checkEvent(item, type, now)
    if (checked.ok) events.push(checked.event)
    else invalid.push({ index, errors: checked.errors })
  }
  if (invalid.length > 0) {
    return refuse(
      route.kind === 'single'
        ? json(400, { error: 'invalid event', errors: invalid[0]?.errors ?? [] })
        : json(400, { error: 'invalid events', errors: invalid }),
    )
  }
  const records = events.map((event) => ({
    PartitionKey: event.type === 'location' ? event.app_uid : event.tx_id,
    Data: Buffer.from(JSON.stringify(event), 'utf8'),
  }))
  const tooLarge = records.findIndex((r) => r.Data.length + Buffer.byteLength(r.PartitionKey) > KINESIS_LIMITS.recordBytes)
  if (tooLarge >= 0) {
    const which = route.kind === 'single' ? 'the event' : `event ${tooLarge}`
    return refuse(problem(413, 'event too large', `${which} exceeds the ${KINESIS_LIMITS.recordBytes}-byte Kinesis record limit`))
  }
  return { ok: true, events, records }
}
