import type { FieldError } from '@sdp/catalog'
import type { BidFeatures } from '../features/BidFeatures.js'

/** At most this many bids per request. */
export const MAX_PREDICTION_ITEMS = 1000

/** A valid request's bids, or every bad field. */
export type PredictionRequest = { readonly ok: true; readonly bids: BidFeatures[] } | { readonly ok: false; readonly errors: FieldError[] }

type Check = (value: unknown) => string | undefined

const idCheck: Check = (v) =>
  (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)) ? undefined : 'must be a non-empty string or a number'
const nullable =
  (check: Check, what: string): Check =>
  (v) =>
    v === null || check(v) === undefined ? undefined : `must be ${what}, or null when unknown`
const text: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string')
const price: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'must be a number >= 0')

/** Every field of a prediction item, required; `null` says "unknown" where a bid may lack the field. */
const FIELDS: ReadonlyArray<readonly [keyof BidFeatures, Check]> = [
  ['campaignItemId', idCheck],
  ['domain', nullable(text, 'a string')],
  ['creativeId', nullable(idCheck, 'a string or a number')],
  ['creativeCategory', nullable(text, 'a string')],
  ['winPrice', nullable(price, 'a number >= 0')],
]

/**
 * Validates a `POST /predictions` body: one object `{campaignItemId, domain, creativeId,
 * creativeCategory, winPrice}` or a non-empty array of them (at most {@link MAX_PREDICTION_ITEMS}).
 * Ids may be strings or numbers; every field is required, `null` meaning unknown for all but
 * `campaignItemId`; unknown fields are ignored. Errors name each bad field (`[2].winPrice` in an
 * array), so a client can fix them all at once.
 *
 * @example
 * parsePredictionRequest('{"campaignItemId":"1463517","domain":"www.google.com"}')
 * // { ok: false, errors: [{ field: 'creativeId', message: 'is required' }, ...] }
 */
export function parsePredictionRequest(body: string | null | undefined): PredictionRequest {
  if (body === null || body === undefined || body.trim() === '') return { ok: false, errors: [{ field: '$', message: 'a JSON body is required' }] }
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return { ok: false, errors: [{ field: '$', message: 'body must be JSON' }] }
  }
  const many = Array.isArray(value)
  const items: unknown[] = many ? (value as unknown[]) : [value]
  if (items.length === 0) return { ok: false, errors: [{ field: '$', message: 'must hold at least one item' }] }
  if (items.length > MAX_PREDICTION_ITEMS) return { ok: false, errors: [{ field: '$', message: `must hold at most ${MAX_PREDICTION_ITEMS} items` }] }
  const errors: FieldError[] = []
  const bids: BidFeatures[] = []
  items.forEach((item, i) => {
    const at = (field: string) => (many ? `[${i}].${field}` : field)
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ field: many ? `[${i}]` : '$', message: 'must be a JSON object' })
      return
    }
    const record = item as Record<string, unknown>
    for (const [field, check] of FIELDS) {
      const message = Object.hasOwn(record, field) && record[field] !== undefined ? check(record[field]) : 'is required'
      if (message) errors.push({ field: at(field), message })
    }
    const { campaignItemId, domain, creativeId, creativeCategory, winPrice } = record as unknown as BidFeatures
    bids.push({ campaignItemId, domain, creativeId, creativeCategory, winPrice })
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, bids }
}
