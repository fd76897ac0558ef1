import type * as t from 'io-ts'
import { SafeInteger, TxId } from '../_internal/fields.js'
import { eventCodecs } from '../_internal/recordCodecs.js'

/** The codecs of an impression; `Impression` is the public one. */
export const impressionCodecs = eventCodecs('Impression', 'imp', { tx_id: TxId, win_price: SafeInteger }, {})

/**
 * An impression: the bid of `tx_id` won at `win_price` and the ad was shown. io-ts codec; `type`
 * defaults to `'imp'`, `win_price` is an integer, `ts` optional, unknown fields stripped.
 *
 * @example
 * ```ts
 * Impression.decode({ tx_id: 't1', win_price: 1 }) // right({ type: 'imp', tx_id: 't1', win_price: 1 })
 * ```
 */
export const Impression = impressionCodecs.codec
/** A decoded impression (`type` is always `'imp'`). */
export type Impression = t.TypeOf<typeof Impression>
