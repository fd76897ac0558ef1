import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LocalServiceEndpoints } from './localClients.js'

/** Where a running platform says how to reach it: the HTTP API, its event stream and the local AWS endpoints. */
export interface PlatformEndpoints extends LocalServiceEndpoints {
  readonly url: string
  readonly streamName: string
}

/** The file in the data directory that holds them while the platform runs. */
export const ENDPOINTS_FILE = 'endpoints.json'

/** Records the endpoints of the platform holding `dataDir`; returns the function that removes them. */
export async function writePlatformEndpoints(dataDir: string, endpoints: PlatformEndpoints): Promise<() => Promise<void>> {
  const file = join(dataDir, ENDPOINTS_FILE)
  await writeFile(file, `${JSON.stringify(endpoints, null, 2)}\n`)
  return () => rm(file, { force: true })
}

/**
 * The endpoints recorded in `dataDir`, or undefined when there are none. A platform that was
 * killed leaves its file behind: check that one holds the data directory's lock before using them.
 */
export async function readPlatformEndpoints(dataDir: string): Promise<PlatformEndpoints | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dataDir, ENDPOINTS_FILE), 'utf8')) as Partial<PlatformEndpoints>
    return typeof value.kinesis === 'string' && typeof value.url === 'string' ? (value as PlatformEndpoints) : undefined
  } catch {
    return undefined
  }
}
