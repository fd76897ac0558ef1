import { InvalidArgumentError } from '../../errors.js'
import type { TimeDomain } from '../../types.js'

/** Checks a duration in milliseconds: a positive safe integer. */
export function requirePositiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer (milliseconds)`)
  }
  return value
}

/** Checks an alignment offset: a safe integer whose absolute value is smaller than `limit`. */
export function requireOffset(value: unknown, limit: number, limitName: string): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('offset must be an integer (milliseconds)')
  }
  if (Math.abs(value) >= limit) throw new InvalidArgumentError(`offset must be smaller than ${limitName} in absolute value`)
  return value
}

/** Checks a time domain, `'event'` when omitted. */
export function requireTimeDomain(value: unknown): TimeDomain {
  if (value === undefined) return 'event'
  if (value !== 'event' && value !== 'processing') {
    throw new InvalidArgumentError("timeDomain must be 'event' or 'processing'")
  }
  return value
}
