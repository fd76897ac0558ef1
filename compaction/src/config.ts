import { duration, int, readEnv, type Env } from '@sdp/service-kit'
import { COMPACTION_DEFAULTS } from './constants.js'

/** The tunable settings of a compaction run. */
export interface CompactionSettings {
  readonly targetBytes: number
  readonly graceMs: number
  readonly deleteDelayMs: number
  readonly leaseTtlMs: number
  readonly lookbackMs: number
}

const D = COMPACTION_DEFAULTS

/** How each {@link CompactionSettings} field is read from the environment. */
export const COMPACTION_SETTINGS = {
  targetMb: int('COMPACTION_TARGET_MB', { default: D.targetBytes / 2 ** 20 }),
  graceMs: duration('COMPACTION_GRACE_SECONDS', { unit: 'seconds', default: D.graceMs / 1000 }),
  deleteDelayMs: duration('COMPACTION_DELETE_DELAY_SECONDS', { unit: 'seconds', min: 0, default: D.deleteDelayMs / 1000 }),
  leaseTtlMs: duration('COMPACTION_LEASE_SECONDS', { unit: 'seconds', default: D.leaseTtlMs / 1000 }),
  lookbackMs: duration('COMPACTION_LOOKBACK_HOURS', { unit: 'hours', default: D.lookbackMs / 3_600_000 }),
} as const

/**
 * Reads `COMPACTION_TARGET_MB` (default 128), `COMPACTION_GRACE_SECONDS` (1800),
 * `COMPACTION_DELETE_DELAY_SECONDS` (1800; `0` deletes at once), `COMPACTION_LEASE_SECONDS` (900)
 * and `COMPACTION_LOOKBACK_HOURS` (72).
 *
 * @throws ConfigError naming every variable that breaks its rule
 */
export function compactionSettingsFromEnv(env: Env): CompactionSettings {
  const { targetMb, ...rest } = readEnv(env, COMPACTION_SETTINGS)
  return { targetBytes: targetMb * 2 ** 20, ...rest }
}
