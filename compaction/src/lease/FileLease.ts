import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import type { Lease, LeaseToken } from './Lease.js'

const fileName = (name: string) => `${name.replace(/[^A-Za-z0-9=-]/g, '_')}.lease`

/** How long an unreadable lease file counts as one being written rather than one a crash left half-written. */
const WRITING_MS = 10_000

/** The short mutex around takeover and release: retried for about a second, broken when its holder died. */
const MUTEX: lockfile.LockOptions = { realpath: false, stale: 10_000, retries: { retries: 30, minTimeout: 5, maxTimeout: 50 } }

/**
 * The local {@link Lease}: one file per name in a directory (`<dataDir>/catalog/leases`). A free
 * name is taken by an exclusive create. Taking over an expired lease and releasing one run under a
 * per-name mutex (`proper-lockfile`), and neither ever leaves the file missing while another
 * taker could create it: a takeover replaces the expired file by an atomic rename, a release
 * deletes only its own token. So however many take over at once, one wins.
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
    if (await createExclusive(path, token)) return token
    if (!(await this.takeable(path))) return undefined
    return this.exclusively(path, async () => {
      // The file can only go away under this mutex, so what is read here stays until the rename.
      if (await createExclusive(path, token)) return token
      if (!(await this.takeable(path))) return undefined
      const fresh = `${path}.${token.owner}.new`
      await writeFile(fresh, JSON.stringify(token))
      await rename(fresh, path)
      return token
    })
  }

  async release(token: LeaseToken): Promise<void> {
    const path = join(this.directory, fileName(token.name))
    await this.exclusively(path, async () => {
      if ((await readToken(path))?.owner !== token.owner) return // taken over meanwhile: not ours to free
      await unlink(path).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      })
    })
  }

  /**
   * Whether nobody holds the lease file: it is gone (released meanwhile), holds an expired token,
   * or is unreadable and old enough to be a crash's leftover rather than a file being written.
   */
  private async takeable(path: string): Promise<boolean> {
    const held = await readToken(path)
    if (held !== undefined) return held.expiresAt <= this.now()
    const written = await stat(path).catch(() => undefined)
    return written === undefined || Date.now() - written.mtimeMs > WRITING_MS
  }

  private async exclusively<T>(path: string, work: () => Promise<T>): Promise<T> {
    const unlock = await lockfile.lock(path, MUTEX)
    try {
      return await work()
    } finally {
      await unlock()
    }
  }
}

/** Creates the lease file holding `token` unless it exists. */
async function createExclusive(path: string, token: LeaseToken): Promise<boolean> {
  try {
    await writeFile(path, JSON.stringify(token), { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return false
  }
}

async function readToken(path: string): Promise<LeaseToken | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LeaseToken
  } catch {
    return undefined
  }
}
