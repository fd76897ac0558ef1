import t from 'tap'
import fc from 'fast-check'
import { murmur3 } from '../../src/features/murmur3.js'

t.test('matches the MurmurHash3 x86_32 reference vectors', async (t) => {
  t.equal(murmur3(''), 0)
  t.equal(murmur3('', 1), 0x514e28b7)
  t.equal(murmur3('hello'), 0x248bfa47)
  t.equal(murmur3('aaaa', 0x9747b28c), 0x5a97808a)
  t.equal(murmur3('Hello, world!', 0x9747b28c), 0x24884cba)
  t.equal(murmur3('The quick brown fox jumps over the lazy dog'), 0x2e4ff723)
})

t.test('hashes UTF-8 bytes: unicode text of any length gives an unsigned 32-bit integer', async () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      const h = murmur3(s)
      return Number.isInteger(h) && h >= 0 && h < 2 ** 32 && h === murmur3(s)
    }),
  )
})
