import { randomUUID } from 'node:crypto'
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Lease, LeaseToken } from './Lease.js'

const fileName = (name: string) => `${name.replace(/[^A-Za-z0-9=-]/g, '_')}.lease`

/**
 * The local {@link Lease}: one file per name in a directory (`<dataDir>/catalog/leases`). Taken by
 * an exclusive create; an expired lease is taken over by renaming it aside (only one renamer
 * succeeds) and checking the renamed file is the expired one that was read — if a fresh lease was
 * renamed instead, it is put back and the taker backs off.
 *
 * @example
 * ```ts
 * const lease = new FileLease(join(dataDir, 'catalog', 'leases'))
 * const token = await lease.acquire('parquet_bcns/2026-11-28/05', 15 * 60_000)
 * ```
 */
export class FileLease implements Lease {
  constructor(
    readonly directory: string,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(name: string, ttlMs: number): Promise<LeaseToken | undefined> {
    await mkdir(this.directory, { recursive: true })
    const path = join(this.directory, fileName(name))
    const token: LeaseToken = { name, owner: randomUUID(), expiresAt: this.now() + ttlMs }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, JSON.stringify(token), { flag: 'wx' })
        return token
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const held = await readToken(path)
      if (held !== undefined && held.expiresAt > this.now()) return undefined
      // Expired (or unreadable: a crash mid-write): move it aside, then check what was moved.
      const aside = `${path}.${token.owner}.stale`
      try {
        await rename(path, aside)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      const moved = await readToken(aside)
      if (held !== undefined && moved !== undefined && moved.owner !== held.owner) {
        await link(aside, path).catch(() => undefined) // a fresh lease: put it back
        await unlink(aside).catch(() => undefined)
        return undefined
      }
      await unlink(aside).catch(() => undefined)
    }
    return undefined
  }

  async release(token: LeaseToken): Promise<void> {
    const path = join(this.directory, fileName(token.name))
    const aside = `${path}.${token.owner}.release`
    try {
      await rename(path, aside)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    const moved = await readToken(aside)
    if (moved !== undefined && moved.owner !== token.owner) await link(aside, path).catch(() => undefined)
    await unlink(aside).catch(() => undefined)
  }
}

async function readToken(path: string): Promise<LeaseToken | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LeaseToken
  } catch {
    return undefined
  }
}
