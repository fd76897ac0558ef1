import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from '../errors.js'

/**
 * Takes `<dataDir>/.lock` (holding our pid) so a second platform on the same data directory
 * fails with a clear message instead of LevelDB's uncatchable lock error. A lock left by a
 * process that no longer runs is taken over.
 *
 * @returns a function that releases the lock
 * @throws ConfigError when a live process holds the lock
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true })
  const lockFile = join(dataDir, '.lock')
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockFile, 'wx')
      await handle.writeFile(`${process.pid}\n`)
      await handle.close()
      return () => rm(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10)
    if (Number.isInteger(holder) && isAlive(holder)) {
      const who = holder === process.pid ? 'this process' : `process ${holder}`
      throw new ConfigError(
        `data directory ${dataDir} is in use by ${who}; stop that platform or choose another SDP_DATA_DIR`,
      )
    }
    await rm(lockFile, { force: true })
  }
  throw new ConfigError(`could not lock data directory ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
