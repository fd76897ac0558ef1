/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain) over the UTF-8 bytes of a string, with 32-bit
 * integer arithmetic only, so every runtime gives the same hash.
 */

const C1 = 0xcc9e2d51
const C2 = 0x1b873593
const encoder = new TextEncoder()
let buffer = new Uint8Array(256)

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r))

/**
 * The unsigned 32-bit MurmurHash3 (x86_32) of `text`'s UTF-8 bytes.
 *
 * @param text - any string (hashed as UTF-8, so `'é'` hashes as the two bytes C3 A9)
 * @param seed - an unsigned 32-bit seed. @default 0
 * @example
 * murmur3('hello') // 0x248bfa47 (613153351), the reference value
 */
export function murmur3(text: string, seed = 0): number {
  // A worst-case UTF-8 length of 3 bytes per UTF-16 unit, so encodeInto never truncates.
  if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3)
  const length = encoder.encodeInto(text, buffer).written
  const bytes = buffer
  let h = seed | 0
  const blocks = length & ~3
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24)
    k = Math.imul(rotl(Math.imul(k, C1), 15), C2)
    h ^= k
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
      h ^= Math.imul(rotl(Math.imul(k, C1), 15), C2)
  }
  h ^= length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
