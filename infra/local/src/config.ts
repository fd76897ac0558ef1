import { flag, int, list, readEnv, string, type Env } from '@sdp/service-kit'
import { PLATFORM_DEFAULTS } from './constants.js'
import { faultSpec } from './faults/FaultSpec.js'
import type { LocalPlatformConfig } from './localPlatform.js'

/** The settings `npm start` reads from the environment. */
export type PlatformEnvConfig = Required<Pick<LocalPlatformConfig, 'port' | 'dataDir' | 'windowSeconds' | 'freshContainers' | 'deliverTwice'>> &
  Pick<LocalPlatformConfig, 'faults'> & {
    /** Job files to run beside the built-in consumers (`SDP_JOBS`). */
    readonly jobs: readonly string[]
  }

/** How each {@link PlatformEnvConfig} field is read from the environment. */
export const PLATFORM_SETTINGS = {
  port: int('PORT', { min: 0, max: 65_535, default: PLATFORM_DEFAULTS.port }),
  dataDir: string('SDP_DATA_DIR', { default: PLATFORM_DEFAULTS.dataDir }),
  windowSeconds: int('SDP_WINDOW_SECONDS', { min: 1, max: 900, default: PLATFORM_DEFAULTS.windowSeconds }),
  freshContainers: flag('SDP_FRESH_CONTAINERS'),
  deliverTwice: flag('SDP_DELIVER_TWICE'),
  faults: faultSpec('SDP_FAULTS'),
  jobs: list('SDP_JOBS', { default: [] }),
} as const

/**
 * Reads and validates `PORT` (default 3000), `SDP_DATA_DIR` (default `./.sdp-data`),
 * `SDP_WINDOW_SECONDS` (default 5, an integer 1–900), `SDP_FRESH_CONTAINERS` and
 * `SDP_DELIVER_TWICE` (`1`/`true` or `0`/`false`, default off), and `SDP_FAULTS` (default none,
 * see `parseFaultSpec`), and `SDP_JOBS` (comma-separated job files, default none; loaded by
 * `startSdpPlatform`).
 *
 * @throws ConfigError naming every variable that breaks its rule, and the value
 * @example
 * const config = readPlatformEnv(process.env)
 */
export function readPlatformEnv(env: Env): PlatformEnvConfig {
  return readEnv(env, PLATFORM_SETTINGS)
}
