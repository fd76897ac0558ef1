/** Small checks shared by the built-in aggregate functions. */
import { InvalidArgumentError, SnapshotFormatError } from '../../errors.js'
import type { Json } from '../../types.js'

/** The extracted value, or an InvalidArgumentError naming the function when it is not a finite number. */
export function finiteValue(fnName: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${fnName}: values must be finite numbers, got ${String(value)}`)
  }
  return value
}

/** Throws InvalidArgumentError unless `of` is undefined or a function. */
export function checkExtractor(fnName: string, argName: string, of: unknown): void {
  if (of !== undefined && typeof of !== 'function') {
    throw new InvalidArgumentError(`${fnName}: ${argName} must be a function when given`)
  }
}

/** A finite number read from an encoded accumulator, or a SnapshotFormatError. */
export function decodeFinite(fnName: string, value: Json | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SnapshotFormatError(`${fnName}: encoded accumulator must hold finite numbers, got ${JSON.stringify(value)}`)
  }
  return value
}

/** A non-negative safe integer read from an encoded accumulator (a count), or a SnapshotFormatError. */
export function decodeCount(fnName: string, value: Json | undefined): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SnapshotFormatError(`${fnName}: encoded count must be a non-negative safe integer, got ${JSON.stringify(value)}`)
  }
  return value
}
