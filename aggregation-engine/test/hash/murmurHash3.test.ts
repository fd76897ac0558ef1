import t from 'tap'
import fc from 'fast-check'
import { murmur3String32, murmur3String64, murmur3x86_128, murmur3x86_32 } from '../../src/hash/murmurHash3.js'

const hex = (words: number[]): string => words.map((w) => w.toString(16)).join('')
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/**
 * SMHasher's VerificationTest (KeysetTest.cpp, aappleby/smhasher): hash the keys {}, {0}, {0,1}, …
 * {0..254} with seed 256 − length, hash the concatenated little-endian outputs with seed 0, and
 * read the first four bytes of that as a little-endian integer.
 */
function smhasherVerification(hash: (bytes: Uint8Array, seed: number) => number[], hashBytes: number): number {
  const key = new Uint8Array(256)
  const hashes = new Uint8Array(hashBytes * 256)
  const view = new DataView(hashes.buffer)
  for (let i = 0; i < 256; i++) {
    key[i] = i
    hash(key.subarray(0, i), 256 - i).forEach((word, w) => view.setUint32(i * hashBytes + w * 4, word, true))
  }
  return (hash(hashes, 0)[0] as number) >>> 0
}

t.test("passes SMHasher's verification test: x86_32 0xB0F57EE3, x86_128 0xB3ECE62A", async (t) => {
  // The expected values are Appleby's, from the hash table of SMHasher's main.cpp ("Murmur3A", "Murmur3C").
  t.equal(
    smhasherVerification((b, seed) => [murmur3x86_32(b, b.length, seed)], 4),
    0xb0f57ee3,
  )
  t.equal(
    smhasherVerification((b, seed) => murmur3x86_128(b, b.length, seed), 16),
    0xb3ece62a,
  )
})

t.test('x86_32 matches published string vectors', async (t) => {
  // The vector set most MurmurHash3 ports publish in their tests (C, Rust, Go and .NET ports alike).
  t.equal(murmur3String32(''), 0)
  t.equal(murmur3String32('', 1), 0x514e28b7)
  t.equal(murmur3String32('hello'), 0x248bfa47)
  t.equal(murmur3String32('aaaa', 0x9747b28c), 0x5a97808a)
  t.equal(murmur3String32('Hello, world!', 0x9747b28c), 0x24884cba)
  t.equal(murmur3String32('The quick brown fox jumps over the lazy dog'), 0x2e4ff723)
  t.equal(murmur3x86_32(utf8('hello')), 0x248bfa47, 'bytes and strings agree')
})

t.test('x86_128 matches published vectors (every tail length, UTF-8)', async (t) => {
  // Seed 0; words h1..h4 in hex without padding, as daisuke-t-jp/MurmurHash-Swift's tests print them.
  const vectors: Array<[string, string]> = [
    ['', '0000'],
    ['H', 'f69feb5df45637a0f45637a0f45637a0'],
    ['Hello', '2360ae465e6336c6ad45b3f4ad45b3f4'],
    ['Hello Wor', '107e2665706ff8b8eb00bf34e910bf63'],
    ['Hello World', '92cafa6a59653c6540fffff0b3beb9c'],
    ['Hello World!', '6bee9883eb1be4f59dfb7172ae3fbea9'],
    ['Hello World! Hello World! Hello Wo', 'e63975239102cb333dc5ae42c304eaa7'],
    ['メロス', 'dcfa2df52a3c5ab9d74d6d304e537d23'],
  ]
  for (const [input, expected] of vectors) t.equal(hex(murmur3x86_128(utf8(input))), expected, JSON.stringify(input))
  const seeded = murmur3x86_128(utf8('The quick brown fox jumps over the lazy dog'), undefined, 2538058380)
  t.equal(seeded.map((w) => w.toString(16).padStart(8, '0')).join(''), '8ad4d55e4cb861718ea73a9ccdb6793e', 'with a seed')
})

t.test('the string hashes read UTF-8 through one reused buffer', async (t) => {
  const [h1, h2] = murmur3x86_128(utf8('Hello World!'))
  t.same(murmur3String64('Hello World!'), [h1, h2])
  const long = 'é'.repeat(500)
  t.same(murmur3String64(long), murmur3x86_128(utf8(long)).slice(0, 2), 'a string longer than the initial buffer')
  t.equal(murmur3String32(long), murmur3x86_32(utf8(long)))
  t.same(murmur3String64('Hello World!'), [h1, h2], 'and a short one afterwards')
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(), (s, seed) => {
      const h = murmur3String32(s, seed)
      return h === murmur3x86_32(utf8(s), undefined, seed) && h >= 0 && h < 2 ** 32
    }),
  )
})

t.test('values that stored sketches and trained models depend on stay as they were', async (t) => {
  // Computed with the two separate implementations this module replaced: a change here would
  // change stored HyperLogLog registers and the feature buckets of trained models.
  t.equal(murmur3String32('bias'), 2999287691)
  t.equal(murmur3String32('campaign=1463517'), 4257983763)
  t.equal(murmur3String32('held-out:tx-1'), 15399959)
  t.equal(murmur3String32('exämple'), 4165326307)
  t.same(murmur3String64('user-1'), [666725174, 2187286167])
  t.same(murmur3String64('メロス'), [3707383285, 708598457])
})
