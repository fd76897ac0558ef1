import { TX_ID_MAX_LENGTH } from '../constants.js'

/**
 * A check of one present field value: `undefined` when the value is good, otherwise the message
 * saying why it is not. The io-ts codecs and the fast stream guard share these functions, so the
 * two can only disagree about structure, never about a field.
 */
export type FieldCheck = (value: unknown) => string | undefined

/** The message for a required field that is absent (or `undefined`). */
export const REQUIRED = 'is required'

const MAX_SAFE = 'must be a safe integer (at most 2^53 - 1 in magnitude)'

export const checkString: FieldCheck = (u) => (typeof u === 'string' ? undefined : 'must be a string')

export const checkNonEmptyString: FieldCheck = (u) => (typeof u !== 'string' ? 'must be a string' : u.length === 0 ? 'must not be empty' : undefined)

/** A field that is its record's Kinesis partition key: a non-empty string of at most 256 characters. */
const checkPartitionKey: FieldCheck = (u) =>
  typeof u !== 'string'
    ? 'must be a string'
    : u.length === 0
      ? 'must not be empty'
      : u.length > TX_ID_MAX_LENGTH
        ? `must be at most ${TX_ID_MAX_LENGTH} characters (the Kinesis partition-key limit)`
        : undefined

/** `tx_id` of an ad event: its Kinesis partition key. */
export const checkTxId: FieldCheck = checkPartitionKey

export const checkNumber: FieldCheck = (u) => (typeof u === 'number' && Number.isFinite(u) ? undefined : 'must be a number')

export const checkInteger: FieldCheck = (u) =>
  typeof u !== 'number' || !Number.isInteger(u) ? 'must be an integer' : Number.isSafeInteger(u) ? undefined : MAX_SAFE

export const checkCount: FieldCheck = (u) => checkInteger(u) ?? ((u as number) < 0 ? 'must not be negative' : undefined)

export const checkEpochMillis: FieldCheck = (u) =>
  typeof u !== 'number' || !Number.isInteger(u)
    ? 'must be an integer (epoch milliseconds)'
    : !Number.isSafeInteger(u)
      ? MAX_SAFE
      : u < 0
        ? 'must not be negative (epoch milliseconds)'
        : undefined

/** The check of a `type` discriminator: exactly `value`. */
export function checkLiteral(value: string): FieldCheck {
  const message = `must be "${value}"`
  return (u) => (u === value ? undefined : message)
}

/** A check of a finite number within `[min, max]`, named in the message (`'must be from -90 to 90 (degrees)'`). */
export function checkRange(min: number, max: number, unit: string): FieldCheck {
  const message = `must be a number from ${min} to ${max} (${unit})`
  return (u) => (typeof u === 'number' && Number.isFinite(u) && u >= min && u <= max ? undefined : message)
}

/** `app_uid` of a location ping: it is the ping's Kinesis partition key, so non-empty and at most 256 characters. */
export const checkAppUid: FieldCheck = checkPartitionKey

export const checkLongitude: FieldCheck = checkRange(-180, 180, 'degrees of longitude')
export const checkLatitude: FieldCheck = checkRange(-90, 90, 'degrees of latitude')
