import t from 'tap'
import { hash64, murmur3x86128 } from '../../../src/functions/_internal/murmur3.js'

const hex = (words: number[]): string => words.map((w) => w.toString(16)).join('')
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

t.test('matches published MurmurHash3_x86_128 vectors (every tail length, UTF-8)', async (t) => {
  // Seed 0; words h1..h4 printed in hex without padding, as in the reference test suites.
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
  for (const [input, expected] of vectors) t.equal(hex(murmur3x86128(utf8(input))), expected, JSON.stringify(input))
  const seeded = murmur3x86128(utf8('The quick brown fox jumps over the lazy dog'), undefined, 2538058380)
  t.equal(seeded.map((w) => w.toString(16).padStart(8, '0')).join(''), '8ad4d55e4cb861718ea73a9ccdb6793e', 'with a seed')
})

t.test('hash64 hashes the UTF-8 bytes with a reused buffer', async (t) => {
  const [h1, h2] = murmur3x86128(utf8('Hello World!'))
  t.same(hash64('Hello World!'), [h1, h2])
  const long = 'é'.repeat(500)
  t.same(hash64(long), murmur3x86128(utf8(long)).slice(0, 2), 'a string longer than the initial buffer')
  t.same(hash64('Hello World!'), [h1, h2], 'and a short one afterwards')
})
