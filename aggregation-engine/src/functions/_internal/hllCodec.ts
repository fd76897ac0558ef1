/** The string form of HyperLogLog registers: `hll1:<precision>:<s|d>:<base64>`. */
import { SnapshotFormatError } from '../../errors.js'

const FORMAT = 'hll1'
const ENCODED = /^hll1:([1-9]\d?):([sd]):([A-Za-z0-9+/]*={0,2})$/

/** Sparse `(index, index, rank)` byte triples while under a quarter of the registers are set, else 6 bits per register. */
export function encodeRegisters(precision: number, regs: Uint8Array): string {
  let set = 0
  for (const r of regs) if (r !== 0) set++
  if (set * 4 < regs.length) {
    const bytes = new Uint8Array(set * 3)
    let at = 0
    for (let i = 0; i < regs.length; i++) {
      const r = regs[i] as number
      if (r === 0) continue
      bytes[at++] = i >>> 8
      bytes[at++] = i & 0xff
      bytes[at++] = r
    }
    return `${FORMAT}:${precision}:s:${toBase64(bytes)}`
  }
  const bytes = new Uint8Array((regs.length * 6) / 8)
  for (let i = 0, bit = 0; i < regs.length; i++, bit += 6) writeBits(bytes, bit, regs[i] as number)
  return `${FORMAT}:${precision}:d:${toBase64(bytes)}`
}

/** Fills `regs` from `encodeRegisters`' form; throws SnapshotFormatError on anything else or on another precision. */
export function decodeRegisters(value: unknown, precision: number, regs: Uint8Array): void {
  const match = typeof value === 'string' ? ENCODED.exec(value) : null
  if (!match) throw new SnapshotFormatError(`HyperLogLog: expected a "${FORMAT}:<precision>:<s|d>:<base64>" string`)
  const [, p, mode, payload] = match as unknown as [string, string, string, string]
  if (Number(p) !== precision) throw new SnapshotFormatError(`HyperLogLog: encoded precision ${p} does not match ${precision}`)
  const maxRank = 64 - precision + 1
  const bytes = fromBase64(payload)
  if (mode === 's') {
    if (bytes.length % 3 !== 0) throw new SnapshotFormatError('HyperLogLog: sparse payload must be (index, index, rank) byte triples')
    let previous = -1
    for (let at = 0; at < bytes.length; at += 3) {
      const index = ((bytes[at] as number) << 8) | (bytes[at + 1] as number)
      const rank = bytes[at + 2] as number
      if (index <= previous || index >= regs.length || rank < 1 || rank > maxRank) {
        throw new SnapshotFormatError('HyperLogLog: sparse entries must have increasing indexes within range and ranks 1..64-precision+1')
      }
      regs[index] = rank
      previous = index
    }
  } else {
    if (bytes.length !== (regs.length * 6) / 8) throw new SnapshotFormatError(`HyperLogLog: dense payload must be ${(regs.length * 6) / 8} bytes`)
    for (let i = 0, bit = 0; i < regs.length; i++, bit += 6) {
      const rank = readBits(bytes, bit)
      if (rank > maxRank) throw new SnapshotFormatError('HyperLogLog: dense ranks must be at most 64-precision+1')
      regs[i] = rank
    }
  }
}

function writeBits(bytes: Uint8Array, bit: number, value: number): void {
  for (let b = 0; b < 6; b++) {
    if ((value >> (5 - b)) & 1) {
      const at = bit + b
      bytes[at >> 3] = (bytes[at >> 3] as number) | (0x80 >> (at & 7))
    }
  }
}

function readBits(bytes: Uint8Array, bit: number): number {
  let value = 0
  for (let b = 0; b < 6; b++) {
    const at = bit + b
    value = (value << 1) | (((bytes[at >> 3] as number) >> (7 - (at & 7))) & 1)
  }
  return value
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    throw new SnapshotFormatError('HyperLogLog: payload is not valid base64')
  }
  // atob accepts some non-canonical forms; insist on the one encode() writes.
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  if (toBase64(bytes) !== text) throw new SnapshotFormatError('HyperLogLog: payload is not canonical base64')
  return bytes
}
