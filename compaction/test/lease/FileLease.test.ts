import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileLease } from '../../src/lease/FileLease.js'

t.test('file lease', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-lease-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const clock = { now: 1_000 }
  const lease = new FileLease(dir, () => clock.now)

  const tokens = await Promise.all(Array.from({ length: 6 }, () => lease.acquire('parquet_bcns/2026-11-28/05', 100)))
  t.equal(tokens.filter(Boolean).length, 1, 'one holder at a time')
  t.equal(await lease.acquire('parquet_bcns/2026-11-28/06', 100) !== undefined, true, 'other names are independent')

  clock.now += 101 // the holder crashed: its lease expires
  const takeovers = await Promise.all(Array.from({ length: 6 }, () => lease.acquire('parquet_bcns/2026-11-28/05', 100)))
  const taker = takeovers.filter(Boolean)
  t.equal(taker.length, 1, 'one taker of an expired lease')

  await lease.release(tokens.find(Boolean)!) // the old holder wakes up and releases: must not free the new lease
  t.equal(await lease.acquire('parquet_bcns/2026-11-28/05', 100), undefined, 'the new lease still holds')
  await lease.release(taker[0]!)
  t.ok(await lease.acquire('parquet_bcns/2026-11-28/05', 100), 'free after release')
})
