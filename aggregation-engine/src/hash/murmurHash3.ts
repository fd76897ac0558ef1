/**
 * MurmurHash3 (Austin Appleby, public domain) in its two x86 variants, written with 32-bit integer
 * arithmetic so every runtime gives the same bits without BigInt or a dependency:
 * - x86_32 hashes features into buckets (the bid-win model's feature hashing, held-out choice,
 *   model version ids);
 * - x86_128 gives HyperLogLog its 64-bit hash.
 * They are different functions (different constants and mixing), not one truncated to the other.
 * Stored sketches and trained models depend on both bit for bit: never change their output.
 */

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r))

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
}

const word = (b: Uint8Array, i: number): number => (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)

const X86_32_C1 = 0xcc9e2d51
const X86_32_C2 = 0x1b873593

/**
 * MurmurHash3_x86_32 over `bytes[0, length)`, unsigned.
 *
 * @example
 * murmur3x86_32(new TextEncoder().encode('hello')) // 0x248bfa47
 */
export function murmur3x86_32(bytes: Uint8Array, length: number = bytes.length, seed = 0): number {
  let h = seed | 0
  const blocks = length & ~3
  for (let i = 0; i < blocks; i += 4) {
    h ^= Math.imul(rotl(Math.imul(word(bytes, i), X86_32_C1), 15), X86_32_C2)
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0
  }
  let k = 0
  switch (length & 3) {
    case 3:
      k ^= (bytes[blocks + 2] as number) << 16
    // falls through
    case 2:
      k ^= (bytes[blocks + 1] as number) << 8
    // falls through
    case 1:
      k ^= bytes[blocks] as number
      h ^= Math.imul(rotl(Math.imul(k, X86_32_C1), 15), X86_32_C2)
  }
  h ^= length
  return fmix32(h) >>> 0
}

const X128_C1 = 0x239b961b
const X128_C2 = 0xab0e9789
const X128_C3 = 0x38b34ae5
const X128_C4 = 0xa1e38b93

/**
 * MurmurHash3_x86_128 over `bytes[0, length)`: the four 32-bit words h1..h4, unsigned. HyperLogLog
 * takes h1 and h2 as its 64-bit hash.
 *
 * @example
 * murmur3x86_128(new TextEncoder().encode('Hello')) // [0x2360ae46, 0x5e6336c6, 0xad45b3f4, 0xad45b3f4]
 */
export function murmur3x86_128(bytes: Uint8Array, length: number = bytes.length, seed = 0): [number, number, number, number] {
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
    k1 = Math.imul(rotl(Math.imul(k1, X128_C1), 15), X128_C2)
    h1 ^= k1
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0
    k2 = Math.imul(rotl(Math.imul(k2, X128_C2), 16), X128_C3)
    h2 ^= k2
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0
    k3 = Math.imul(rotl(Math.imul(k3, X128_C3), 17), X128_C4)
    h3 ^= k3
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0
    k4 = Math.imul(rotl(Math.imul(k4, X128_C4), 18), X128_C1)
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
  if (rest > 12) h4 ^= Math.imul(rotl(Math.imul(tail[3] as number, X128_C4), 18), X128_C1)
  if (rest > 8) h3 ^= Math.imul(rotl(Math.imul(tail[2] as number, X128_C3), 17), X128_C4)
  if (rest > 4) h2 ^= Math.imul(rotl(Math.imul(tail[1] as number, X128_C2), 16), X128_C3)
  if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(tail[0] as number, X128_C1), 15), X128_C2)

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

/** `text` as UTF-8 in a buffer reused across calls (so hashing allocates nothing); returns its length. */
function utf8(text: string): number {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit, so encodeInto never truncates.
  if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3)
  return encoder.encodeInto(text, buffer).written
}

/**
 * MurmurHash3_x86_32 of a string's UTF-8 bytes (`'é'` hashes as the two bytes C3 A9), unsigned.
 *
 * @param seed - an unsigned 32-bit seed. @default 0
 * @example
 * murmur3String32('hello') // 0x248bfa47 (613153351), the reference value
 */
export function murmur3String32(text: string, seed = 0): number {
  const length = utf8(text) // first: it may replace the buffer
  return murmur3x86_32(buffer, length, seed)
}

/**
 * A 64-bit hash of a string's UTF-8 bytes as `[high, low]` unsigned 32-bit words: the first two
 * words of MurmurHash3_x86_128, seed 0.
 *
 * @example
 * murmur3String64('Hello') // [0x2360ae46, 0x5e6336c6]
 */
export function murmur3String64(text: string): [number, number] {
  const length = utf8(text) // first: it may replace the buffer
  const [h1, h2] = murmur3x86_128(buffer, length)
  return [h1, h2]
}
