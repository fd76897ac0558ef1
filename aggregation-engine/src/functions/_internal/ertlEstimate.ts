/**
 * Ertl's improved HyperLogLog estimator ("New cardinality estimation algorithms for HyperLogLog
 * sketches", 2017, algorithm 6): accurate from 0 to 2^64 without thresholds or bias tables, by
 * accounting for empty (σ) and saturated (τ) registers in closed form.
 */

/** The cardinality estimate of `registers` whose ranks lie in `0..q + 1` (`q = 64 - precision`). */
export function ertlEstimate(registers: Uint8Array, q: number): number {
  const m = registers.length
  const histogram = new Array<number>(q + 2).fill(0)
  for (const r of registers) histogram[r] = (histogram[r] as number) + 1
  let z = m * tau(1 - (histogram[q + 1] as number) / m)
  for (let k = q; k >= 1; k--) z = 0.5 * (z + (histogram[k] as number))
  z += m * sigma((histogram[0] as number) / m)
  // α∞ · m² / z with α∞ = 1 / (2 ln 2); an empty sketch has z = ∞ and estimates 0.
  return (m * m) / (2 * Math.LN2) / z
}

/** σ(x) of Ertl's estimator: the contribution of empty registers (x = fraction of zero registers). */
function sigma(x: number): number {
  if (x === 1) return Infinity
  let y = 1
  let z = x
  for (;;) {
    x *= x
    const previous = z
    z += x * y
    y += y
    if (previous === z) return z
  }
}

/** τ(x) of Ertl's estimator: the contribution of saturated registers (x = 1 - fraction saturated). */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0
  let y = 1
  let z = 1 - x
  for (;;) {
    x = Math.sqrt(x)
    const previous = z
    y *= 0.5
    z -= (1 - x) ** 2 * y
    if (previous === z) return z / 3
  }
}
