import { InvalidArgumentError } from '../errors.js'
import { murmur3String64 } from '../hash/murmurHash3.js'
import { ertlEstimate } from './_internal/ertlEstimate.js'
import { decodeRegisters, encodeRegisters } from './_internal/hllCodec.js'

/**
 * A HyperLogLog sketch: `2^precision` registers over a 64-bit hash (MurmurHash3_x86_128), so no
 * large-range correction is needed. The estimate uses Ertl's improved estimator ("New cardinality
 * estimation algorithms for HyperLogLog sketches", 2017), which is accurate from 0 to 2^64
 * without empirical bias tables. Standard error ≈ 1.04 / sqrt(2^precision).
 *
 * Merging is register-wise max, so it is exactly associative, commutative and idempotent.
 * Encoded as a string `hll1:<precision>:<s|d>:<base64>`: sparse (index, value) triples while
 * fewer than a quarter of the registers are set, else the registers packed 6 bits each.
 *
 * @example
 * const a = new HyperLogLog(12)
 * a.addValue('user-1'); a.addValue('user-2')
 * a.estimate() // ≈ 2
 * HyperLogLog.decode(a.encode(), 12).estimate() // same
 */
export class HyperLogLog {
  /** One 6-bit rank per register; 0 means "nothing seen". */
  readonly registers: Uint8Array

  /** @param precision log2 of the register count, an integer in 4..16. */
  constructor(readonly precision: number) {
    if (!Number.isInteger(precision) || precision < 4 || precision > 16) {
      throw new InvalidArgumentError(`HyperLogLog: precision must be an integer from 4 to 16, got ${String(precision)}`)
    }
    this.registers = new Uint8Array(1 << precision)
  }

  /** Adds a value; numbers are counted by their decimal form, so `42` and `'42'` are one value. */
  addValue(value: string | number): this {
    const [hi, lo] = murmur3String64(typeof value === 'string' ? value : String(value))
    return this.addHash(hi, lo)
  }

  /** Adds a 64-bit hash given as unsigned 32-bit words: top `precision` bits pick the register. */
  addHash(hi: number, lo: number): this {
    const p = this.precision
    const index = hi >>> (32 - p)
    const rest = (hi << p) >>> 0
    // Rank = leading zeros of the remaining 64 - p bits, plus one.
    const rank = rest !== 0 ? Math.clz32(rest) + 1 : lo !== 0 ? 32 - p + Math.clz32(lo) + 1 : 64 - p + 1
    if (rank > (this.registers[index] as number)) this.registers[index] = rank
    return this
  }

  /** Register-wise max of `other` into this sketch; both must have the same precision. */
  merge(other: HyperLogLog): this {
    if (other.precision !== this.precision) {
      throw new InvalidArgumentError(`HyperLogLog: only sketches of equal precision merge (${this.precision} vs ${other.precision})`)
    }
    const a = this.registers
    const b = other.registers
    for (let i = 0; i < a.length; i++) if ((b[i] as number) > (a[i] as number)) a[i] = b[i] as number
    return this
  }

  /** A fresh copy with the same registers. */
  clone(): HyperLogLog {
    const copy = new HyperLogLog(this.precision)
    copy.registers.set(this.registers)
    return copy
  }

  /** The estimated number of distinct values added (0 for an empty sketch), rounded to an integer. */
  estimate(): number {
    return Math.round(ertlEstimate(this.registers, 64 - this.precision))
  }

  /** The compact JSON-safe string form `hll1:<precision>:<s|d>:<base64>` (sparse or 6-bit packed, whichever is shorter). */
  encode(): string {
    return encodeRegisters(this.precision, this.registers)
  }

  /** Reads {@link HyperLogLog.encode}'s form; throws SnapshotFormatError on anything else or on another precision. */
  static decode(value: unknown, precision: number): HyperLogLog {
    const sketch = new HyperLogLog(precision)
    decodeRegisters(value, precision, sketch.registers)
    return sketch
  }
}
