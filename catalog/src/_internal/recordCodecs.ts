import * as t from 'io-ts'
import { DefaultedType, FieldType } from './FieldType.js'
import { checkLiteral } from './fieldChecks.js'
import { EpochMillis } from './fields.js'

/** The fields of a record, each an io-ts codec built from a plain check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each field has its own value type
export type FieldProps = Record<string, FieldType<any>>

function literal<K extends string>(type: K): FieldType<K> {
  return new FieldType<K>(`"${type}"`, checkLiteral(type))
}

/**
 * The three codecs of one ad event, built from one list of fields (unknown fields are stripped by
 * `t.exact` in all three):
 * - `codec`: `type` may be absent (it defaults to `type`) and `ts` is optional — what a client
 *   posts to the event's own route;
 * - `tagged`: `type` is required — a member of the `AdEvent` union (`POST /events`);
 * - `stamped`: `type` and `ts` are required — what the stream carries.
 */
export function eventCodecs<K extends string, R extends FieldProps, O extends FieldProps>(name: string, type: K, required: R, optional: O) {
  const tag = literal(type)
  const withTs = t.partial({ ...optional, ts: EpochMillis })
  return {
    codec: t.exact(t.intersection([t.type({ type: new DefaultedType(type), ...required }), withTs]), name),
    tagged: t.exact(t.intersection([t.type({ type: tag, ...required }), withTs]), name),
    stamped: t.exact(t.intersection([t.type({ type: tag, ...required, ts: EpochMillis }), t.partial(optional)]), `Stamped${name}`),
  }
}

/** The codec of a record with a required `type` and only required fields (the heartbeat). */
export function recordCodec<K extends string, R extends FieldProps>(name: string, type: K, required: R) {
  return t.exact(t.type({ type: literal(type), ...required }), name)
}
