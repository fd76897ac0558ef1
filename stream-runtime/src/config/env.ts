import { ConfigError } from '../errors.js'

/** An environment: `process.env` in a handler, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>

/** A required setting; a missing or empty one throws a ConfigError naming it. */
export function requiredEnv(env: Env, name: string): string {
  const value = env[name]
  if (value === undefined || value === '') throw new ConfigError(`environment variable ${name} is required`)
  return value
}

/** A positive whole number from the environment, or its default; anything else throws a ConfigError naming it. */
export function positiveIntegerEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`)
  }
  return Number(raw)
}

/** A duration given in whole seconds, returned in milliseconds. */
export function secondsEnv(env: Env, name: string, fallbackSeconds: number): number {
  return positiveIntegerEnv(env, name, fallbackSeconds) * 1000
}
