import { readEnv, type Env, type Setting } from '@sdp/service-kit'
import { ConfigError } from '../errors.js'
import { FAULT_SERVICES, FAULT_SPEC_KEYS, type FaultService } from './constants.js'

/** What `SDP_FAULTS` asks for: per-service error rates, a reset rate and the seed of every draw. */
export interface FaultSpec {
  /** Fraction of each service's requests answered with one of its errors, in [0, 1]. */
  readonly rates: Readonly<Record<FaultService, number>>
  /** Fraction of every service's requests whose connection is reset, in [0, 1]. */
  readonly reset: number
  /** Seeds every decision: the same seed and request order give the same faults. */
  readonly seed: number
  /**
   * Every operation and target (e.g. `PutObject sdp-lake/parquet/bcns`) meets each kind of fault
   * it can meet, in its calls after the first; one early call of each (staggered, so that paths
   * fail in different invocations) and about one in 256 after fail every SDK attempt with faults
   * that apply nothing, and about one in 64 meets a fault that applies: short runs still reach
   * every path with every kind, and the callers' own retries. @default false
   */
  readonly cover?: boolean
}

const RATE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i
const SEED = /^\d+$/
const MAX_SEED = 0xffff_ffff

/**
 * Parses a fault spec such as `s3=0.05,dynamodb=0.05,kinesis=0.03,reset=0.01,seed=7`. Services
 * and `reset` left out get rate 0; `seed` (an integer 0 to 2^32 − 1) defaults to `defaultSeed`;
 * `cover=1` turns on {@link FaultSpec.cover}.
 *
 * @param name - names the setting in errors, e.g. `SDP_FAULTS`
 * @throws ConfigError naming the setting and what is wrong with it (unknown key, a rate outside
 *   [0, 1], a bad seed, a key given twice, a malformed item)
 * @example
 * parseFaultSpec('s3=0.05,seed=7') // { rates: { s3: 0.05, dynamodb: 0, kinesis: 0 }, reset: 0, seed: 7 }
 */
export function parseFaultSpec(text: string, name = 'SDP_FAULTS', defaultSeed = 0): FaultSpec {
  const fail = (rule: string): never => {
    throw new ConfigError(`${name} ${rule}, got '${text}' (e.g. 's3=0.05,dynamodb=0.05,kinesis=0.03,reset=0.01,seed=7')`)
  }
  const spec: SpecDraft = { rates: { s3: 0, dynamodb: 0, kinesis: 0 }, reset: 0, seed: defaultSeed, cover: false }
  const seen = new Set<string>()
  if (text.trim() === '') fail('must not be empty (unset it to turn faults off)')
  for (const item of text.split(',')) {
    const [key, value] = splitItem(item, fail)
    if (seen.has(key)) fail(`gives '${key}' twice`)
    seen.add(key)
    applyItem(spec, key, value, fail)
  }
  const { rates, reset, seed, cover } = spec
  return { rates, reset, seed, ...(cover ? { cover } : {}) }
}

/** A spec being read, item by item. */
interface SpecDraft {
  rates: Record<FaultService, number>
  reset: number
  seed: number
  cover: boolean
}

type Fail = (rule: string) => never

/** One `key=value` item, its key one of the known ones. */
function splitItem(item: string, fail: Fail): [string, string] {
  const match = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(item)
  if (match === null) return fail(`must be comma-separated key=value items; '${item.trim()}' is not one`)
  const [, key = '', value = ''] = match
  if (!(FAULT_SPEC_KEYS as ReadonlyArray<string>).includes(key)) fail(`has an unknown key '${key}' (known: ${FAULT_SPEC_KEYS.join(', ')})`)
  return [key, value]
}

/** Sets what one item says: the cover flag, the seed, the reset rate or a service's rate. */
function applyItem(spec: SpecDraft, key: string, value: string, fail: Fail): void {
  if (key === 'cover') {
    if (value !== '0' && value !== '1') fail(`cover must be 0 or 1, not '${value}'`)
    spec.cover = value === '1'
    return
  }
  if (key === 'seed') {
    const parsed = SEED.test(value) ? Number(value) : Number.NaN
    if (!Number.isSafeInteger(parsed) || parsed > MAX_SEED) fail(`seed must be an integer from 0 to ${MAX_SEED}, not '${value}'`)
    spec.seed = parsed
    return
  }
  const rate = RATE.test(value) ? Number(value) : Number.NaN
  if (!(rate >= 0 && rate <= 1)) fail(`rate of '${key}' must be a number from 0 to 1, not '${value}'`)
  if (key === 'reset') spec.reset = rate
  else spec.rates[key as FaultService] = rate
}

/**
 * `SDP_FAULTS` as a setting of the platform's environment (read with the others, so every bad
 * setting is named at once): undefined (faults off) when unset or blank. Without a `seed`, a
 * random one is drawn (the platform reports it, so the run can be replayed).
 */
export function faultSpec(variable = 'SDP_FAULTS'): Setting<FaultSpec | undefined> {
  return {
    variable,
    read(raw) {
      if (raw === undefined || raw.trim() === '') return { ok: true, value: undefined }
      try {
        return { ok: true, value: parseFaultSpec(raw, variable, Math.floor(Math.random() * MAX_SEED)) }
      } catch (error) {
        return { ok: false, problem: (error as Error).message.slice(variable.length + 1) }
      }
    },
  }
}

/**
 * Reads `SDP_FAULTS` from an environment: undefined (faults off) when unset or blank.
 *
 * @throws ConfigError for a malformed value
 */
export function readFaultSpec(env: Env): FaultSpec | undefined {
  return readEnv(env, { faults: faultSpec() }).faults
}

/** The spec as `SDP_FAULTS` would write it, seed included. */
export function formatFaultSpec(spec: FaultSpec): string {
  return [...FAULT_SERVICES.map((s) => `${s}=${spec.rates[s]}`), `reset=${spec.reset}`, `seed=${spec.seed}`, ...(spec.cover ? ['cover=1'] : [])].join(',')
}
