import type { Bid } from '../events/Bid.js'
import type { Heartbeat } from '../events/Heartbeat.js'
import type { StampedAdEvent, StreamRecord } from '../events/StreamRecord.js'
import type { StampedLocation } from '../events/Location.js'
import {
  checkAppUid,
  checkLatitude,
  checkLongitude,
  checkEpochMillis,
  checkInteger,
  checkNonEmptyString,
  checkNumber,
  checkString,
  checkTxId,
  REQUIRED,
  type FieldCheck,
} from '../_internal/fieldChecks.js'
import { STREAM_RECORD_TYPES } from '../constants.js'

/** What `parseStreamRecord` returns: the record, or the first reason it is not one. */
export type ParsedStreamRecord = { readonly ok: true; readonly event: StreamRecord } | { readonly ok: false; readonly reason: string }

type Fields = Record<string, unknown>

const NOT_AN_OBJECT: ParsedStreamRecord = { ok: false, reason: 'record must be a JSON object' }
const NO_TYPE: ParsedStreamRecord = { ok: false, reason: `type ${REQUIRED}` }
const UNKNOWN_TYPE: ParsedStreamRecord = {
  ok: false,
  reason: `type must be one of ${STREAM_RECORD_TYPES.map((type) => `"${type}"`).join(', ')}`,
}

// The same checks as the codecs (see _internal/fieldChecks.ts); only the walking is by hand.
const need = (value: unknown, check: FieldCheck): string | undefined => (value === undefined ? REQUIRED : check(value))
const may = (value: unknown, check: FieldCheck): string | undefined => (value === undefined ? undefined : check(value))
const fail = (field: string, message: string): ParsedStreamRecord => ({ ok: false, reason: `${field} ${message}` })

function parseBid(r: Fields): ParsedStreamRecord {
  const { tx_id, app_uid, campaign_item_id, ts, domain, creative_id, creative_category, win_price } = r
  let m: string | undefined
  if ((m = need(tx_id, checkTxId)) !== undefined) return fail('tx_id', m)
  if ((m = need(app_uid, checkString)) !== undefined) return fail('app_uid', m)
  if ((m = need(campaign_item_id, checkInteger)) !== undefined) return fail('campaign_item_id', m)
  if ((m = need(ts, checkEpochMillis)) !== undefined) return fail('ts', m)
  if ((m = may(domain, checkString)) !== undefined) return fail('domain', m)
  if ((m = may(creative_id, checkString)) !== undefined) return fail('creative_id', m)
  if ((m = may(creative_category, checkString)) !== undefined) return fail('creative_category', m)
  if ((m = may(win_price, checkNumber)) !== undefined) return fail('win_price', m)
  const event = { type: 'bid', tx_id, app_uid, campaign_item_id, ts } as Bid & { ts: number }
  if (domain !== undefined) event.domain = domain as string
  if (creative_id !== undefined) event.creative_id = creative_id as string
  if (creative_category !== undefined) event.creative_category = creative_category as string
  if (win_price !== undefined) event.win_price = win_price as number
  return { ok: true, event }
}

function parseImpression(r: Fields): ParsedStreamRecord {
  const { tx_id, win_price, ts } = r
  let m: string | undefined
  if ((m = need(tx_id, checkTxId)) !== undefined) return fail('tx_id', m)
  if ((m = need(win_price, checkInteger)) !== undefined) return fail('win_price', m)
  if ((m = need(ts, checkEpochMillis)) !== undefined) return fail('ts', m)
  return { ok: true, event: { type: 'imp', tx_id, win_price, ts } as StampedAdEvent }
}

function parseClick(r: Fields): ParsedStreamRecord {
  const { tx_id, ts } = r
  let m: string | undefined
  if ((m = need(tx_id, checkTxId)) !== undefined) return fail('tx_id', m)
  if ((m = need(ts, checkEpochMillis)) !== undefined) return fail('ts', m)
  return { ok: true, event: { type: 'click', tx_id, ts } as StampedAdEvent }
}

function parseLocation(r: Fields): ParsedStreamRecord {
  const { app_uid, longitude, latitude, ts } = r
  let m: string | undefined
  if ((m = need(app_uid, checkAppUid)) !== undefined) return fail('app_uid', m)
  if ((m = need(longitude, checkLongitude)) !== undefined) return fail('longitude', m)
  if ((m = need(latitude, checkLatitude)) !== undefined) return fail('latitude', m)
  if ((m = need(ts, checkEpochMillis)) !== undefined) return fail('ts', m)
  return { ok: true, event: { type: 'location', app_uid, longitude, latitude, ts } as StampedLocation }
}

function parseHeartbeat(r: Fields): ParsedStreamRecord {
  const { ts, shard_id } = r
  let m: string | undefined
  if ((m = need(ts, checkEpochMillis)) !== undefined) return fail('ts', m)
  if ((m = need(shard_id, checkNonEmptyString)) !== undefined) return fail('shard_id', m)
  return { ok: true, event: { type: 'heartbeat', ts, shard_id } as Heartbeat }
}

/**
 * The fast guard of the stream path: checks one parsed stream record by hand, without io-ts, and
 * returns it typed with unknown fields stripped. For every JSON value it accepts exactly what the
 * `StreamRecord` codec accepts and returns the same record (a fast-check property holds it to
 * that); both run the same field checks. Stream records need `type` and `ts` (ingest stamps
 * `ts`); heartbeats need `shard_id`; location pings `app_uid`, `longitude` and `latitude`.
 *
 * @param json - what `JSON.parse` returned for the record's data
 * @returns `{ok: true, event}`, or `{ok: false, reason}` naming the first bad field
 *   (`'campaign_item_id must be an integer'`), for a dead letter
 * @example
 * ```ts
 * const parsed = parseStreamRecord(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')))
 * if (!parsed.ok) deadLetter(record, parsed.reason)
 * else if (parsed.event.type === 'heartbeat') advanceWatermark(parsed.event.ts)
 * else count(parsed.event)
 * ```
 */
export function parseStreamRecord(json: unknown): ParsedStreamRecord {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return NOT_AN_OBJECT
  const record = json as Fields
  // A switch, not an object lookup: `type: "toString"` must not find Object.prototype.toString.
  switch (record.type) {
    case 'bid':
      return parseBid(record)
    case 'imp':
      return parseImpression(record)
    case 'click':
      return parseClick(record)
    case 'location':
      return parseLocation(record)
    case 'heartbeat':
      return parseHeartbeat(record)
    case undefined:
      return NO_TYPE
    default:
      return UNKNOWN_TYPE
  }
}
