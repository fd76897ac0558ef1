/**
 * Exact floating-point summation (Shewchuk's algorithm, as in Python's `math.fsum`).
 *
 * A sum is kept as "partials": non-overlapping doubles of increasing magnitude whose exact
 * (infinite-precision) total is the sum of everything added. Adding and merging are therefore
 * exactly associative and commutative, and the rounded result is the correctly rounded exact
 * sum, so a total never depends on how a stream was split into partial accumulators.
 */
import { InvalidArgumentError } from '../../errors.js'

// Below this magnitude no intermediate sum can overflow (the partials total less than twice the top one).
const SAFE = 2 ** 1021

/**
 * Adds `x` to `partials` in place. `x` must be finite. Throws an InvalidArgumentError, leaving
 * `partials` unchanged, if the running sum would leave the finite double range.
 */
export function addExact(partials: number[], x: number): void {
  const top = partials.length > 0 ? Math.abs(partials[partials.length - 1] as number) : 0
  if (Math.abs(x) < SAFE && top < SAFE) return addUnchecked(partials, x)
  const before = partials.slice()
  addUnchecked(partials, x)
  if (partials.every(Number.isFinite)) return
  partials.length = 0
  partials.push(...before)
  throw new InvalidArgumentError('a sum must stay within the finite double range (|sum| < 1.8e308)')
}

function addUnchecked(partials: number[], x: number): void {
  let i = 0
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number
    if (Math.abs(x) < Math.abs(y)) {
      const t = x
      x = y
      y = t
    }
    const hi = x + y
    const lo = y - (hi - x)
    if (lo !== 0) partials[i++] = lo
    x = hi
  }
  partials.length = i
  // A zero top partial adds nothing; dropping it keeps accumulators short (e.g. after +x, -x).
  if (x !== 0) partials.push(x)
}

/** Adds every partial of `from` into `into` (exact merge). */
export function mergeExact(into: number[], from: readonly number[]): void {
  for (const p of from) addExact(into, p)
}

/** The correctly rounded value of the exact sum held by `partials` (round half to even). */
export function exactSumValue(partials: readonly number[]): number {
  let n = partials.length
  if (n === 0) return 0
  let hi = partials[--n] as number
  let lo = 0
  while (n > 0) {
    const x = hi
    const y = partials[--n] as number
    hi = x + y
    const yr = hi - x
    lo = y - yr
    if (lo !== 0) break
  }
  // Half-way case: the remaining partials decide whether `lo` rounds away from `hi`.
  const next = n > 0 ? (partials[n - 1] as number) : 0
  if ((lo < 0 && next < 0) || (lo > 0 && next > 0)) {
    const y = lo * 2
    const x = hi + y
    const yr = x - hi
    if (y === yr) hi = x
  }
  return hi
}
