import type * as t from 'io-ts'
import { FiniteNumber, SafeInteger, Text, TxId } from '../_internal/fields.js'
import { eventCodecs } from '../_internal/recordCodecs.js'

/** The codecs of a bid; `Bid` is the public one, the others build `AdEvent` and `StreamRecord`. */
export const bidCodecs = eventCodecs(
  'Bid',
  'bid',
  { tx_id: TxId, app_uid: Text, campaign_item_id: SafeInteger },
  { domain: Text, creative_id: Text, creative_category: Text, win_price: FiniteNumber },
)

/**
 * A bid: the ad server offered an ad for a transaction. io-ts codec; `type` defaults to `'bid'`
 * (anything else is an error), `ts` is optional epoch milliseconds, unknown fields are stripped.
 *
 * @example
 * ```ts
 * Bid.decode({ tx_id: 't1', app_uid: 'a1', campaign_item_id: 1463517 })
 * // right({ type: 'bid', tx_id: 't1', app_uid: 'a1', campaign_item_id: 1463517 })
 * ```
 */
export const Bid = bidCodecs.codec
/** A decoded bid (`type` is always `'bid'`). */
export type Bid = t.TypeOf<typeof Bid>
