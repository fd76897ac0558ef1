import { COMPACTION_DEFAULTS } from './constants.js'
import { CompactionConfigError } from './errors.js'

type Env = Readonly<Record<string, string | undefined>>

/** A required setting; a missing or empty one throws naming it. */
export function requiredSetting(env: Env, name: string): string {
  const value = env[name]
  if (value === undefined || value.trim() === '') throw new CompactionConfigError(`environment variable ${name} is required`)
  return value
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw new CompactionConfigError(`${name} must be a positive whole number, got "${raw}"`)
  }
  return Number(raw)
}

/** The tunable settings of a compaction run. */
export interface CompactionSettings {
  readonly targetBytes: number
  readonly graceMs: number
  readonly deleteDelayMs: number
  readonly leaseTtlMs: number
  readonly lookbackMs: number
}

/**
 * Reads `COMPACTION_TARGET_MB` (default 128), `COMPACTION_GRACE_SECONDS` (1800),
 * `COMPACTION_DELETE_DELAY_SECONDS` (1800; `0` deletes at once), `COMPACTION_LEASE_SECONDS` (900)
 * and `COMPACTION_LOOKBACK_HOURS` (72).
 *
 * @throws CompactionConfigError naming the variable and the rule it broke
 */
export function compactionSettingsFromEnv(env: Env): CompactionSettings {
  const D = COMPACTION_DEFAULTS
  const delayRaw = env['COMPACTION_DELETE_DELAY_SECONDS']?.trim()
  return {
    targetBytes: positive(env, 'COMPACTION_TARGET_MB', D.targetBytes / 2 ** 20) * 2 ** 20,
    graceMs: positive(env, 'COMPACTION_GRACE_SECONDS', D.graceMs / 1000) * 1000,
    deleteDelayMs: delayRaw === '0' ? 0 : positive(env, 'COMPACTION_DELETE_DELAY_SECONDS', D.deleteDelayMs / 1000) * 1000,
    leaseTtlMs: positive(env, 'COMPACTION_LEASE_SECONDS', D.leaseTtlMs / 1000) * 1000,
    lookbackMs: positive(env, 'COMPACTION_LOOKBACK_HOURS', D.lookbackMs / 3_600_000) * 3_600_000,
  }
}
