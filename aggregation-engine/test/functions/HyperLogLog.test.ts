import t from 'tap'
import { HyperLogLog } from '../../src/functions/HyperLogLog.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'

const filled = (p: number, n: number, prefix = 'v'): HyperLogLog => {
  const h = new HyperLogLog(p)
  for (let i = 0; i < n; i++) h.addValue(`${prefix}${i}`)
  return h
}

t.test('rejects a precision outside 4..16', async (t) => {
  for (const bad of [3, 17, 12.5, Number.NaN, '12']) {
    t.throws(() => new HyperLogLog(bad as number), InvalidArgumentError)
  }
  t.throws(() => new HyperLogLog(3), /precision must be an integer from 4 to 16, got 3/)
})

t.test('takes the register from the top bits and the rank from the leading zeros of the rest', async (t) => {
  const h = new HyperLogLog(4)
  h.addHash(0x10000000, 0) // register 1, rest = 0 then lo = 0: the largest rank, 64 - 4 + 1
  h.addHash(0x28000000, 0) // register 2, rest starts with "1": rank 1
  h.addHash(0x30000000, 0x40000000) // register 3, 28 zero bits then "01…": rank 28 + 1 + 1
  t.same([...h.registers.slice(0, 4)], [0, 61, 1, 30])
  h.addHash(0x28000000, 0)
  h.addHash(0x20000001, 0) // register 2 again with rank 28: max wins
  t.equal(h.registers[2], 28)
})

t.test('estimates 0 when empty and is exact for a handful of values', async (t) => {
  t.equal(new HyperLogLog(12).estimate(), 0)
  for (const n of [1, 2, 5, 10, 50]) t.equal(filled(12, n).estimate(), n, `${n} values`)
})

t.test('merges register-wise, only with an equal precision, and clones independently', async (t) => {
  const a = filled(10, 300, 'a')
  const b = filled(10, 300, 'b')
  const union = filled(10, 300, 'a')
  for (let i = 0; i < 300; i++) union.addValue(`b${i}`)
  t.same(a.clone().merge(b).registers, union.registers, 'merge equals the sketch of the union')
  const copy = a.clone()
  copy.addValue('new')
  t.not(copy.registers, a.registers)
  t.throws(() => a.merge(new HyperLogLog(11)), /only sketches of equal precision merge \(10 vs 11\)/)
})

t.test('encodes sparse while small and 6-bit packed when dense, both round-tripping exactly', async (t) => {
  const empty = new HyperLogLog(12)
  t.equal(empty.encode(), 'hll1:12:s:')
  const small = filled(12, 20)
  t.match(small.encode(), /^hll1:12:s:[A-Za-z0-9+/]{80}$/, '20 registers as 3-byte triples')
  const big = filled(12, 20_000)
  t.match(big.encode(), /^hll1:12:d:/)
  t.equal(big.encode().length, 'hll1:12:d:'.length + ((4096 * 6) / 8 / 3) * 4, '3072 bytes, 4096 base64 characters')
  for (const h of [empty, small, big, filled(4, 1000), filled(16, 3)]) {
    const back = HyperLogLog.decode(h.encode(), h.precision)
    t.same(back.registers, h.registers)
    t.equal(back.encode(), h.encode())
  }
})

t.test('decode throws SnapshotFormatError on anything it did not write', async (t) => {
  const good = filled(8, 5).encode()
  const payload = good.slice('hll1:8:s:'.length)
  const bad: unknown[] = [
    null,
    12,
    { registers: [] },
    '',
    'hll2:8:s:',
    good.replace('hll1:8', 'hll1:9'), // another precision than asked for
    `hll1:8:x:${payload}`,
    'hll1:8:s:A', // not base64
    'hll1:8:s:AAE=', // 2 bytes: not triples
    `hll1:8:s:${btoa('\x01\x00\x01')}`, // index 256 ≥ 2^8
    `hll1:8:s:${btoa('\x00\x05\x01\x00\x04\x01')}`, // indexes not increasing
    `hll1:8:s:${btoa('\x00\x05\x00')}`, // rank 0
    `hll1:8:s:${btoa('\x00\x05\x3a')}`, // rank 58 > 64 - 8 + 1
    `hll1:8:d:${btoa('\x00'.repeat(191))}`, // dense needs 192 bytes
    `hll1:8:d:${btoa('\xff'.repeat(192))}`, // ranks of 63
  ]
  for (const value of bad) t.throws(() => HyperLogLog.decode(value, 8), SnapshotFormatError, JSON.stringify(value))
})

t.test('stored sketches keep their registers: the hash never changes', async (t) => {
  // Computed before the hash moved into hash/murmurHash3.ts; sketches already stored hold these bits.
  const small = new HyperLogLog(4)
  for (const v of ['user-1', 'user-2', 'é', 42, 'メロス', '']) small.addValue(v)
  t.same([...small.registers], [61, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0, 0])
  const larger = new HyperLogLog(12)
  for (let i = 0; i < 100; i++) larger.addValue(`u${i}`)
  t.equal(
    larger.encode(),
    'hll1:12:s:ACgDAD4CAFIEAIUBALgBARIFASUBAXMBAXQCAYsCAZkBAgABAjgFAlYBAn0BAoEBAqoDAvwBAwcDA30BA6QBA/ABA/oEBAQBBFUBBGUEBIYBBJYBBNIBBQ0BBSoBBUgBBWYEBWkCBYQCBZ8BBdgCBjICBjYGBjkEBmsBBq4BBrYBBuECBxwJB1YDB2EBB8YBB/gBCDEBCGQCCIIFCJYCCLQDCL4BCMYCCPkCCTsBCU8BCVQBCbcCCd8CCgIBCgoBCg4CChwBCioBCjMCCkoBCmUBCmcCCngDCrcBCs0CCu8BCwQECzEDC3cBC54BC+MBC+4DDKIDDQUCDX8CDasDDd0GDfMCDfsCDlgDDmIBDrQBDwUDDxUCDx4BDywED3EDD4kBD5YED7MED80B',
  )
})
