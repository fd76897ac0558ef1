import type * as t from 'io-ts'
import { isRight } from 'fp-ts/lib/Either.js'
import { toFieldErrors } from '../_internal/toFieldErrors.js'
import type { Validation } from '../types.js'

/**
 * Decodes `input` with any catalog codec (`Aggregation`, `Heartbeat`, `Bid`, ...) and reports
 * every bad field in words instead of io-ts's raw errors.
 *
 * @param codec - an io-ts codec, best one of the catalog's object codecs
 * @param input - any value, typically parsed JSON
 * @returns `{ok: true, value}` with unknown fields stripped, or `{ok: false, errors}` with one
 *   `{field, message}` per bad field (`field: '$'` when the value is not an object)
 * @example
 * ```ts
 * validateRecord(Aggregation, { campaign_item_id: 1, period: 0, bids: -1, imps: 0, clicks: 0 })
 * // { ok: false, errors: [{ field: 'bids', message: 'must not be negative' }] }
 * ```
 */
export function validateRecord<C extends t.Mixed>(codec: C, input: unknown): Validation<t.TypeOf<C>> {
  const result = codec.decode(input)
  return isRight(result) ? { ok: true, value: result.right as t.TypeOf<C> } : { ok: false, errors: toFieldErrors(result.left) }
}
