import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { ConfigError } from '../errors.js'

/**
 * The holder refreshes the lock's mtime every second; a lock not refreshed for 3 s belongs to a
 * process that died (SIGKILL, a crash) and is taken over. A second platform retries for 4 s, a
 * little longer than that, so it fails within seconds when the holder is alive.
 */
const STALE_MS = 3_000
const OPTIONS = {
  realpath: false,
  stale: STALE_MS,
  update: 1_000,
  retries: { retries: 8, factor: 1, minTimeout: 500, maxTimeout: 500 },
} as const

/** Data directories this process holds, so a second lock here is refused at once. */
const heldHere = new Set<string>()

/**
 * Takes `<dataDir>/platform.lock` (`proper-lockfile`) so a second platform on the same data
 * directory fails with a clear message instead of LevelDB's uncatchable lock error. A lock left by
 * a process that no longer runs goes stale and is taken over.
 *
 * @returns a function that releases the lock
 * @throws ConfigError when another live process (or this one) holds the lock
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true })
  const inUse = (who: string) => new ConfigError(`data directory ${dataDir} is in use by ${who}; stop that platform or choose another SDP_DATA_DIR`)
  if (heldHere.has(dataDir)) throw inUse('this process')
  heldHere.add(dataDir)
  try {
    const release = await lockfile.lock(dataDir, {
      ...OPTIONS,
      lockfilePath: join(dataDir, 'platform.lock'),
      // Only after this process stalled past STALE_MS while another took the directory over:
      // say so loudly rather than crash a running platform.
      onCompromised: (error) => process.emitWarning(`the lock of data directory ${dataDir} was lost: ${error.message}`),
    })
    return async () => {
      heldHere.delete(dataDir)
      // ERELEASED: the lock was lost (onCompromised) and is no longer ours to remove.
      await release().catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error
      })
    }
  } catch (error) {
    heldHere.delete(dataDir)
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw inUse('another running platform')
    throw error
  }
}
