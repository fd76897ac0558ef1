import { existsSync } from 'node:fs'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { readPlatformEndpoints } from '@sdp/infra'

/** Whether a live platform holds `<dataDir>/platform.lock` (its holder refreshes it every second). */
async function platformRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(join(dataDir, 'platform.lock'))) return false
  return lockfile.check(dataDir, { lockfilePath: join(dataDir, 'platform.lock'), stale: 3_000, realpath: false })
}

/**
 * The Kinesis endpoint to read: `--url` when given; else the one the platform holding `dataDir`
 * recorded there; else says, in one line, that no platform is running.
 */
export async function platformEndpoint(dataDir: string, url: string | undefined): Promise<{ ok: true; endpoint: string } | { ok: false; message: string }> {
  if (url !== undefined) return { ok: true, endpoint: url }
  const recorded = (await platformRunning(dataDir)) ? await readPlatformEndpoints(dataDir) : undefined
  if (recorded === undefined)
    return { ok: false, message: `no platform is running on ${dataDir}: start one with npm start (or give its Kinesis endpoint with --url)` }
  return { ok: true, endpoint: recorded.kinesis }
}
