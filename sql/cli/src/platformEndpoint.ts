import { existsSync } from 'node:fs'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'

/** Whether a live platform holds `<dataDir>/platform.lock` (its holder refreshes it every second). */
async function platformRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(join(dataDir, 'platform.lock'))) return false
  return lockfile.check(dataDir, { lockfilePath: join(dataDir, 'platform.lock'), stale: 3_000, realpath: false })
}

/**
 * The Kinesis endpoint to read: `--url` when given; otherwise says, in one line, why there is
 * none — no platform holds the data directory, or the running one does not record its endpoint
 * (it logs it at start-up as "local AWS endpoints").
 */
export async function platformEndpoint(dataDir: string, url: string | undefined): Promise<{ ok: true; endpoint: string } | { ok: false; message: string }> {
  if (url !== undefined) return { ok: true, endpoint: url }
  if (!(await platformRunning(dataDir)))
    return { ok: false, message: `no platform is running on ${dataDir}: start one with npm start (or give its Kinesis endpoint with --url)` }
  return {
    ok: false,
    message: `the platform running on ${dataDir} does not record its Kinesis endpoint: give it with --url (the kinesis address of "local AWS endpoints" in its start-up log)`,
  }
}
