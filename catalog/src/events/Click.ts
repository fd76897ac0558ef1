import type * as t from 'io-ts'
import { TxId } from '../_internal/fields.js'
import { eventCodecs } from '../_internal/recordCodecs.js'

/** The codecs of a click; `Click` is the public one. */
export const clickCodecs = eventCodecs('Click', 'click', { tx_id: TxId }, {})

/**
 * A click on the ad shown for `tx_id`. io-ts codec; `type` defaults to `'click'`, `ts` optional,
 * unknown fields stripped.
 *
 * @example
 * ```ts
 * Click.decode({ tx_id: 't1', ts: 1795831443000 }) // right({ type: 'click', tx_id: 't1', ts: 1795831443000 })
 * ```
 */
export const Click = clickCodecs.codec
/** A decoded click (`type` is always `'click'`). */
export type Click = t.TypeOf<typeof Click>
