import { PLATFORM_DEFAULTS } from './constants.js'
import { ConfigError } from './errors.js'
import { readFaultSpec } from './faults/FaultSpec.js'
import type { LocalPlatformConfig } from './localPlatform.js'

/** The settings `npm start` reads from the environment. */
export type PlatformEnvConfig = Required<
  Pick<LocalPlatformConfig, 'port' | 'dataDir' | 'windowSeconds' | 'freshContainers' | 'deliverTwice'>
> & Pick<LocalPlatformConfig, 'faults'>

/**
 * Reads and validates `PORT` (default 3000), `SDP_DATA_DIR` (default `./.sdp-data`),
 * `SDP_WINDOW_SECONDS` (default 5, an integer 1–900), `SDP_FRESH_CONTAINERS` and
 * `SDP_DELIVER_TWICE` (`1`/`true` or `0`/`false`, default off), and `SDP_FAULTS` (default none,
 * see `parseFaultSpec`).
 *
 * @throws ConfigError naming the variable, the rule and the value
 * @example
 * const config = readPlatformEnv(process.env)
 */
export function readPlatformEnv(env: Readonly<Record<string, string | undefined>>): PlatformEnvConfig {
  return {
    port: integer(env, 'PORT', PLATFORM_DEFAULTS.port, 0, 65_535),
    dataDir: nonEmpty(env, 'SDP_DATA_DIR', PLATFORM_DEFAULTS.dataDir),
    windowSeconds: integer(env, 'SDP_WINDOW_SECONDS', PLATFORM_DEFAULTS.windowSeconds, 1, 900),
    freshContainers: envFlag(env, 'SDP_FRESH_CONTAINERS'),
    deliverTwice: envFlag(env, 'SDP_DELIVER_TWICE'),
    faults: readFaultSpec(env),
  }
}

function integer(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`)
  }
  return value
}

function nonEmpty(env: Readonly<Record<string, string | undefined>>, name: string, fallback: string): string {
  const raw = env[name]
  if (raw === undefined) return fallback
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty (unset it to use ${fallback})`)
  return raw
}

/**
 * Reads an on/off switch: `1`/`true` on; unset, empty, `0`/`false` off.
 *
 * @throws ConfigError for any other value
 */
export function envFlag(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw new ConfigError(`${name} must be 1/true or 0/false, got '${env[name] ?? ''}'`)
}
