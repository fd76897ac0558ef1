import t from 'tap'
import { ConfigError } from '@sdp/service-kit'
import { CachedRead } from '../../../src/reports/_internal/CachedRead.js'

t.test('a read serves every request until it is cacheMs old', async (t) => {
  let clock = 1000
  const readsAt: number[] = []
  const cache = new CachedRead(
    async (readAt) => (readsAt.push(readAt), readsAt.length),
    500,
    () => clock,
  )
  t.equal(await cache.get(), 1)
  clock = 1499
  t.equal(await cache.get(), 1, 'still fresh')
  clock = 1500
  t.equal(await cache.get(), 2, 'cacheMs old: read again')
  t.same(readsAt, [1000, 1500], 'the age counts from when the read began')
})

t.test('concurrent requests share one read; a failed read is not kept', async (t) => {
  let reads = 0
  let fail = true
  // The first read stays in flight until every request has arrived.
  let finishRead = () => {}
  const inFlight = new Promise<void>((resolve) => (finishRead = resolve))
  const cache = new CachedRead(
    async () => {
      reads += 1
      await inFlight
      if (fail) throw new Error('bucket unreachable')
      return reads
    },
    0,
    Date.now,
  )
  const requests = Promise.allSettled([cache.get(), cache.get(), cache.get()])
  finishRead()
  const failed = await requests
  t.equal(reads, 1)
  t.ok(failed.every((r) => r.status === 'rejected'))
  fail = false
  t.same(await Promise.all([cache.get(), cache.get()]), [2, 2], 'the next request reads again, shared')
})

t.test('cacheMs must be a number ≥ 0', async (t) => {
  for (const cacheMs of [-1, Number.NaN]) t.throws(() => new CachedRead(async () => 1, cacheMs, Date.now), new ConfigError('cacheMs must be a number ≥ 0'))
})
