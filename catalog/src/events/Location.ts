import * as t from 'io-ts'
import { LOCATION_TYPE } from '../constants.js'
import { DefaultedType, FieldType } from '../_internal/FieldType.js'
import { checkLiteral } from '../_internal/fieldChecks.js'
import { AppUid, EpochMillis, Latitude, Longitude } from '../_internal/fields.js'

const place = { app_uid: AppUid, longitude: Longitude, latitude: Latitude }
const tag = new FieldType<typeof LOCATION_TYPE>(`"${LOCATION_TYPE}"`, checkLiteral(LOCATION_TYPE))

/** The codecs of a location ping; `Location` is the public one. */
export const locationCodecs = {
  /** `POST /location`: `type` may be absent, `timestamp` (epoch ms) is optional. */
  codec: t.exact(t.intersection([t.type({ type: new DefaultedType(LOCATION_TYPE), ...place }), t.partial({ timestamp: EpochMillis })]), 'Location'),
  /** An item of `POST /events`: `type: "location"` required. */
  tagged: t.exact(t.intersection([t.type({ type: tag, ...place }), t.partial({ timestamp: EpochMillis })]), 'Location'),
  /** What the stream carries: the event time as `ts`, like every other record. */
  stamped: t.exact(t.type({ type: tag, ...place, ts: EpochMillis }), 'StampedLocation'),
}

/**
 * A location ping: the device `app_uid` was at (`longitude`, `latitude`) at `timestamp` (epoch
 * ms; ingest stamps it when absent). io-ts codec; `type` defaults to `'location'`, longitude must
 * be within −180..180 and latitude within −90..90, unknown fields are stripped.
 *
 * @example
 * ```ts
 * Location.decode({ app_uid: 'a1', timestamp: 1795831443000, longitude: -73.99, latitude: 40.73 })
 * // right({ type: 'location', app_uid: 'a1', longitude: -73.99, latitude: 40.73, timestamp: 1795831443000 })
 * ```
 */
export const Location = locationCodecs.codec
/** A decoded location ping (`type` is always `'location'`). */
export type Location = t.TypeOf<typeof Location>

/** A location ping as the stream carries it: its event time in `ts`. */
export const StampedLocation = locationCodecs.stamped
/** A stamped location ping. */
export type StampedLocation = t.TypeOf<typeof StampedLocation>
