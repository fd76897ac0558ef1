import * as t from 'io-ts'
import type { StreamEventType } from '../constants.js'
import { Bid, bidCodecs } from './Bid.js'
import { Click, clickCodecs } from './Click.js'
import { Impression, impressionCodecs } from './Impression.js'

/**
 * Any ad event, discriminated by a **required** `type` (`'bid' | 'imp' | 'click'`): the shape of
 * each item posted to `/events`. io-ts codec; `ts` optional; unknown fields stripped. For
 * per-field error messages use `validateEvent`, not this codec's raw errors.
 *
 * @example
 * ```ts
 * AdEvent.decode({ type: 'click', tx_id: 't1' }) // right({ type: 'click', tx_id: 't1' })
 * AdEvent.decode({ tx_id: 't1' })                 // left(...): type is required
 * ```
 */
export const AdEvent = t.union([bidCodecs.tagged, impressionCodecs.tagged, clickCodecs.tagged], 'AdEvent')
/** A decoded ad event. */
export type AdEvent = Bid | Impression | Click

/** The single-event codec of each type (`type` defaulted), as used by `validateEvent`. */
export const EVENT_CODECS = { bid: Bid, imp: Impression, click: Click } as const satisfies Record<StreamEventType, t.Mixed>
