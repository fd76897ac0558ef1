/**
 * MurmurHash3 x86_128 (Austin Appleby, public domain), written with 32-bit integer arithmetic so
 * it needs neither BigInt nor a dependency. Used by HyperLogLog, which takes 64 of its bits.
 */

const C1 = 0x239b961b
const C2 = 0xab0e9789
const C3 = 0x38b34ae5
const C4 = 0xa1e38b93

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r))

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
}

const word = (b: Uint8Array, i: number): number =>
  (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)

/** The four 32-bit words (h1..h4, unsigned) of MurmurHash3_x86_128 over `bytes[0, length)`. */
export function murmur3x86128(bytes: Uint8Array, length: number = bytes.length, seed = 0): [number, number, number, number] {
  let h1 = seed | 0
  let h2 = h1
  let h3 = h1
  let h4 = h1
  const blocks = length & ~15
  for (let i = 0; i < blocks; i += 16) {
    let k1 = word(bytes, i)
    let k2 = word(bytes, i + 4)
    let k3 = word(bytes, i + 8)
    let k4 = word(bytes, i + 12)
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2)
    h1 ^= k1
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3)
    h2 ^= k2
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4)
    h3 ^= k3
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1)
    h4 ^= k4
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0
  }

  // Tail: up to 15 bytes, gathered into four little-endian words.
  const tail = [0, 0, 0, 0]
  for (let i = blocks; i < length; i++) {
    const at = i - blocks
    tail[at >> 2] = (tail[at >> 2] as number) ^ ((bytes[i] as number) << ((at & 3) * 8))
  }
  const rest = length & 15
  if (rest > 12) h4 ^= Math.imul(rotl(Math.imul(tail[3] as number, C4), 18), C1)
  if (rest > 8) h3 ^= Math.imul(rotl(Math.imul(tail[2] as number, C3), 17), C4)
  if (rest > 4) h2 ^= Math.imul(rotl(Math.imul(tail[1] as number, C2), 16), C3)
  if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(tail[0] as number, C1), 15), C2)

  h1 ^= length
  h2 ^= length
  h3 ^= length
  h4 ^= length
  h1 = (h1 + h2 + h3 + h4) | 0
  h2 = (h2 + h1) | 0
  h3 = (h3 + h1) | 0
  h4 = (h4 + h1) | 0
  h1 = fmix32(h1)
  h2 = fmix32(h2)
  h3 = fmix32(h3)
  h4 = fmix32(h4)
  h1 = (h1 + h2 + h3 + h4) | 0
  h2 = (h2 + h1) | 0
  h3 = (h3 + h1) | 0
  h4 = (h4 + h1) | 0
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

const encoder = new TextEncoder()
let buffer = new Uint8Array(256)

/**
 * A 64-bit hash of a string's UTF-8 bytes as `[high, low]` unsigned 32-bit words (the first two
 * words of MurmurHash3_x86_128, seed 0). Reuses one buffer, so it allocates nothing per call.
 */
export function hash64(value: string): [number, number] {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (buffer.length < value.length * 3) buffer = new Uint8Array(value.length * 3)
  const { written } = encoder.encodeInto(value, buffer)
  const [h1, h2] = murmur3x86128(buffer, written)
  return [h1, h2]
}
