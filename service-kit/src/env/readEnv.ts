import { ConfigError, type ConfigProblem } from '../errors.js'
import type { Setting, SettingValue } from './Setting.js'

/** An environment: `process.env` in a handler, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>

/** The object {@link readEnv} returns for a spec: one typed value per key. */
export type EnvValues<S extends Record<string, Setting<unknown>>> = { readonly [K in keyof S]: SettingValue<S[K]> }

/**
 * Reads every setting of `spec` from `env` and returns their values under the spec's keys. All
 * settings are read before anything is thrown, so one error names every bad or missing variable.
 *
 * @throws ConfigError listing each variable that is missing or breaks its rule
 * @example
 * const config = readEnv(process.env, {
 *   streamName: string('STREAM_NAME', { describe: 'the Kinesis stream events are written to' }),
 *   maxBodyBytes: int('MAX_BODY_BYTES', { min: 1, default: 1_048_576 }),
 * })
 */
export function readEnv<S extends Record<string, Setting<unknown>>>(env: Env, spec: S): EnvValues<S> {
  const values: Record<string, unknown> = {}
  const problems: ConfigProblem[] = []
  for (const [key, setting] of Object.entries(spec)) {
    const result = setting.read(env[setting.variable])
    if (result.ok) values[key] = result.value
    else problems.push({ variable: setting.variable, problem: result.problem })
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return values as EnvValues<S>
}
