import t from 'tap'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
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
  t.equal((await lease.acquire('parquet_bcns/2026-11-28/06', 100)) !== undefined, true, 'other names are independent')

  clock.now += 101 // the holder crashed: its lease expires
  const takeovers = await Promise.all(Array.from({ length: 6 }, () => lease.acquire('parquet_bcns/2026-11-28/05', 100)))
  const taker = takeovers.filter(Boolean)
  t.equal(taker.length, 1, 'one taker of an expired lease')

  await lease.release(tokens.find(Boolean)!) // the old holder wakes up and releases: must not free the new lease
  t.equal(await lease.acquire('parquet_bcns/2026-11-28/05', 100), undefined, 'the new lease still holds')
  await lease.release(taker[0]!)
  t.ok(await lease.acquire('parquet_bcns/2026-11-28/05', 100), 'free after release')
})

t.test('many takers of many expired leases: always exactly one each, and the old holders cannot free them', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-lease-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const clock = { now: 1_000 }
  const lease = new FileLease(dir, () => clock.now)
  const names = Array.from({ length: 20 }, (_, i) => `parquet_bcns/2026-11-28/${i}`)
  const first = await Promise.all(names.map((name) => lease.acquire(name, 100)))
  clock.now += 101
  const rounds = await Promise.all(
    names.map((name, i) =>
      Promise.all([
        ...Array.from({ length: 5 }, () => lease.acquire(name, 100)),
        lease.release(first[i]!).then(() => undefined), // the expired holder wakes up during the takeover
      ]),
    ),
  )
  t.same(
    rounds.map((r) => r.filter(Boolean).length),
    names.map(() => 1),
  )
  t.same(
    await Promise.all(names.map((name) => lease.acquire(name, 100))),
    names.map(() => undefined),
    'every new lease holds',
  )
})

t.test('a lease file a crash left half-written is taken over once it is old; a mutex a crash left behind is broken', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-lease-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const lease = new FileLease(dir)
  const path = join(dir, 'p.lease')
  await writeFile(path, '{"name":')
  t.equal(await lease.acquire('p', 60_000), undefined, 'a file being written is left alone')
  const old = new Date(Date.now() - 60_000)
  await utimes(path, old, old)
  await mkdir(`${path}.lock`)
  await utimes(`${path}.lock`, old, old)
  t.ok(await lease.acquire('p', 60_000), 'taken over')
})
