import t from 'tap'
import fc from 'fast-check'
import type { PartialAccumulator } from '@sdp/aggregation-engine'
import { PARTIAL_BUCKETS, bucketHashKey, bucketOf } from '../../src/exchange/partialBuckets.js'
import { decodePartialsRecord, encodePartialsRecord, packPartials, readPartialsRecord, type PartialsRecord } from '../../src/exchange/PartialsRecord.js'

const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`
const partial = (key: string, minute: number, to: number, acc = [1, 0, 0]): PartialAccumulator => ({
  id: `shardId-000000000001:${seq(1)}-${seq(to)}`,
  key,
  window: { start: minute * 60_000, end: (minute + 1) * 60_000 },
  accumulator: acc,
})

t.test('key groups: fixed, in range, one hash key inside each group', async (t) => {
  fc.assert(fc.property(fc.string(), (key) => bucketOf(key) === bucketOf(key) && bucketOf(key) >= 0 && bucketOf(key) < PARTIAL_BUCKETS))
  const width = (1n << 128n) / BigInt(PARTIAL_BUCKETS)
  for (let b = 0; b < PARTIAL_BUCKETS; b++) {
    const h = BigInt(bucketHashKey(b))
    t.ok(h >= BigInt(b) * width && h < BigInt(b + 1) * width, `bucket ${b}'s hash key lies in its own range`)
  }
  t.throws(() => bucketHashKey(PARTIAL_BUCKETS), /bucket must be an integer from 0 to 63/)
  t.throws(() => bucketHashKey(-1), RangeError)
})

t.test('one record per key group, each key whole and in flush order, through the last sequence number', async (t) => {
  const partials = [partial('1', 1, 5), partial('2', 1, 5), partial('1', 2, 5), partial('1', 2, 9, [0, 1, 0])]
  const rounds = packPartials(partials, 'shardId-000000000001')
  t.equal(rounds.length, 1, 'everything fits one round')
  const records = rounds[0] ?? []
  t.same(
    records.map((r) => r.bucket),
    [...new Set(partials.map((p) => bucketOf(String(p.key))))].sort((a, b) => a - b),
  )
  const one = records.find((r) => r.partials.some((p) => p[0] === '1'))
  t.same(
    one?.partials.filter((p) => p[0] === '1'),
    [
      ['1', 60_000, 120_000, [1, 0, 0]],
      ['1', 120_000, 180_000, [1, 0, 0]],
      ['1', 120_000, 180_000, [0, 1, 0]],
    ],
  )
  t.equal(one?.through, seq(9), 'the last flush of the invocation')
  for (const r of records) t.same(readPartialsRecord(JSON.parse(JSON.stringify(r))), { ok: true, record: r }, 'a packed record reads back')
})

t.test('a group past the record size is split by key into later rounds with the same through', async (t) => {
  const keys = Array.from({ length: 400 }, (_, i) => String(i)).filter((k) => bucketOf(k) === 7)
  const rounds = packPartials(
    keys.map((k) => partial(k, 1, 3)),
    'shardId-000000000001',
    100,
  )
  t.ok(rounds.length > 1, `${rounds.length} rounds`)
  t.same(
    rounds.map((r) => r.map((x) => [x.bucket, x.part, x.through])),
    rounds.map((_, i) => [[7, i, seq(3)]]),
  )
  t.same(
    rounds.flatMap((r) => r.flatMap((x) => x.partials.map((p) => p[0]))),
    keys,
    'every key once, in order',
  )
})

t.test('records that are not partials records are refused with the reason', async (t) => {
  const good = { v: 1, source: 's', bucket: bucketOf('1'), through: '12', part: 0, partials: [['1', 0, 60_000, [1, 0, 0]]] }
  const cases: Array<[unknown, RegExp]> = [
    [null, /format 1/],
    [{ ...good, v: 2 }, /format 1/],
    [{ ...good, source: '' }, /source/],
    [{ ...good, bucket: 1.5 }, /bucket/],
    [{ ...good, through: 'x' }, /through/],
    [{ ...good, part: -1 }, /part/],
    [{ ...good, partials: {} }, /partials must be an array/],
    [{ ...good, partials: [['1', 0, 60_000]] }, /partials\[0\]/],
    [{ ...good, partials: [['1', 'a', 60_000, 1]] }, /partials\[0\]/],
    [{ ...good, bucket: (bucketOf('1') + 1) % PARTIAL_BUCKETS }, /is not in bucket/],
  ]
  for (const [value, reason] of cases) {
    const read = readPartialsRecord(value)
    t.equal(read.ok, false, JSON.stringify(value))
    if (!read.ok) t.match(read.reason, reason)
  }
  t.equal(readPartialsRecord(good).ok, true)
})

t.test('records travel gzipped; plain JSON reads too; bad bytes say why', async (t) => {
  const [record] = packPartials([partial('1', 1, 5)], 'shardId-000000000001')[0] ?? []
  const bytes = encodePartialsRecord(record as PartialsRecord)
  t.same([bytes[0], bytes[1]], [0x1f, 0x8b], 'gzip')
  t.same(decodePartialsRecord(bytes), { ok: true, record })
  t.same(decodePartialsRecord(Buffer.from(JSON.stringify(record))), { ok: true, record }, 'plain JSON')
  t.match(decodePartialsRecord(Uint8Array.from([0x1f, 0x8b, 1, 2, 3])), { ok: false, reason: /^not gzip/ })
  t.match(decodePartialsRecord(Buffer.from('{')), { ok: false, reason: /^not JSON/ })
  t.match(decodePartialsRecord(Buffer.from('[]')), { ok: false, reason: /format 1/ })
})

t.test("a user job's records name the job, and say when they hold rows", async (t) => {
  const [record] = packPartials([partial('1', 1, 5)], 'shardId-000000000001', undefined, { job: 'q7', rows: true })[0] ?? []
  t.match(record, { job: 'q7', rows: true, source: 'shardId-000000000001' })
  t.same(decodePartialsRecord(encodePartialsRecord(record as PartialsRecord)), { ok: true, record })
  t.notOk('job' in ((packPartials([partial('1', 1, 5)], 's')[0] ?? [])[0] ?? {}), 'the ad-tech job names none')
  const good = { v: 1, source: 's', bucket: bucketOf('1'), through: '12', part: 0, partials: [['1', 0, 60_000, 1]] }
  t.match(readPartialsRecord({ ...good, job: '' }), { ok: false, reason: /job must be a non-empty string/ })
  t.match(readPartialsRecord({ ...good, rows: 'yes' }), { ok: false, reason: /rows must be true/ })
})
