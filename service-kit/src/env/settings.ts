import type { Setting, SettingResult } from './Setting.js'

// Parsers of single environment variables. An unset or blank variable takes the default, and is
// reported as missing when there is none; a set one must follow its rule, and the problem names
// the rule and the value found.

const ok = <T>(value: T): SettingResult<T> => ({ ok: true, value })
const bad = (problem: string): SettingResult<never> => ({ ok: false, problem })
const got = (raw: string): string => `, got ${JSON.stringify(raw)}`

/** Common options: the value used when the variable is unset or blank. */
export interface SettingOptions<T> {
  /** Used when the variable is unset or blank; without it the variable is required. */
  readonly default?: T
  /** What the variable is for, added to a "required" problem. */
  readonly describe?: string
}

function setting<T>(variable: string, options: SettingOptions<T>, parse: (text: string) => SettingResult<T>): Setting<T> {
  return {
    variable,
    read(raw) {
      const text = raw?.trim() ?? ''
      if (text !== '') return parse(text)
      if (options.default !== undefined) return ok(options.default)
      return bad(`is required${options.describe ? ` (${options.describe})` : ''}`)
    },
  }
}

/** A text value, trimmed. */
export function string(variable: string, options: SettingOptions<string> = {}): Setting<string> {
  return setting(variable, options, ok)
}

/** Bounds of {@link int} and {@link number}. */
export interface RangeOptions<T> extends SettingOptions<T> {
  /** Smallest value accepted. @default 1 for int, none for number */
  readonly min?: number
  /** Largest value accepted. @default none */
  readonly max?: number
  /** `min` itself is refused (a number strictly above it). @default false */
  readonly minExclusive?: boolean
}

function rangeRule(kind: string, min: number | undefined, max: number | undefined, minExclusive: boolean): string {
  if (min !== undefined && max !== undefined && !minExclusive) return `must be ${kind} from ${min} to ${max}`
  const parts = [min === undefined ? '' : `${minExclusive ? '>' : '>='} ${min}`, max === undefined ? '' : `<= ${max}`].filter(Boolean)
  return `must be ${kind}${parts.length ? ` ${parts.join(' and ')}` : ''}`
}

function inRange(value: number, min: number | undefined, max: number | undefined, minExclusive: boolean): boolean {
  return (min === undefined || (minExclusive ? value > min : value >= min)) && (max === undefined || value <= max)
}

/** A whole number within `[min, max]` (`min` defaults to 1: counts and sizes are positive). */
export function int(variable: string, options: RangeOptions<number> = {}): Setting<number> {
  const { min = 1, max, minExclusive = false } = options
  const rule = rangeRule('a whole number', min, max, minExclusive)
  return setting(variable, options, (text) => {
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN
    return Number.isSafeInteger(value) && inRange(value, min, max, minExclusive) ? ok(value) : bad(rule + got(text))
  })
}

/** A decimal number (`0.5`, `1e-3`) within the given bounds. */
export function number(variable: string, options: RangeOptions<number> = {}): Setting<number> {
  const { min, max, minExclusive = false } = options
  const rule = rangeRule('a number', min, max, minExclusive)
  return setting(variable, options, (text) => {
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN
    return Number.isFinite(value) && inRange(value, min, max, minExclusive) ? ok(value) : bad(rule + got(text))
  })
}

/** A number above zero. */
export function positiveNumber(variable: string, options: SettingOptions<number> = {}): Setting<number> {
  return number(variable, { ...options, min: 0, minExclusive: true })
}

/** An on/off switch: `1`/`true` on; `0`/`false` off; unset or blank: the default (off). */
export function flag(variable: string, options: SettingOptions<boolean> = {}): Setting<boolean> {
  return setting(variable, { default: false, ...options }, (text) => {
    const lower = text.toLowerCase()
    if (lower === '1' || lower === 'true') return ok(true)
    if (lower === '0' || lower === 'false') return ok(false)
    return bad(`must be 1/true or 0/false${got(text)}`)
  })
}

/** One of a fixed set of words, e.g. a log level. */
export function oneOf<const V extends string>(variable: string, values: readonly V[], options: SettingOptions<V> = {}): Setting<V> {
  return setting(variable, options, (text) =>
    (values as readonly string[]).includes(text) ? ok(text as V) : bad(`must be one of ${values.join(', ')}${got(text)}`),
  )
}

/** A comma-separated list; items are trimmed and blank ones dropped. */
export function list(variable: string, options: SettingOptions<readonly string[]> & { readonly separator?: string } = {}): Setting<readonly string[]> {
  return setting(variable, options, (text) => {
    const items = text
      .split(options.separator ?? ',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
    return items.length > 0 ? ok(items) : bad(`must list at least one item${got(text)}`)
  })
}

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000 } as const

/** Options of {@link duration}; `default`, `min` and `max` are in `unit`. */
export interface DurationOptions extends RangeOptions<number> {
  readonly unit: keyof typeof UNIT_MS
}

/**
 * A duration given as a whole number of `unit` (the variable's name says which, e.g.
 * `..._SECONDS`), returned in milliseconds. `min` defaults to 1; `min: 0` allows zero.
 */
export function duration(variable: string, options: DurationOptions): Setting<number> {
  const inUnit = int(variable, options)
  const factor = UNIT_MS[options.unit]
  return {
    variable,
    read(raw) {
      const result = inUnit.read(raw)
      if (!result.ok) return { ok: false, problem: result.problem.replace('a whole number', `a whole number of ${options.unit}`) }
      return ok(result.value * factor)
    },
  }
}

/** The same setting, but unset or blank gives `undefined` instead of the default or a problem. */
export function optional<T>(inner: Setting<T>): Setting<T | undefined> {
  return { variable: inner.variable, read: (raw) => ((raw?.trim() ?? '') === '' ? ok(undefined) : inner.read(raw)) }
}

/** The same setting with one more rule: `check` must hold for the value, else the problem is `must be <rule>, got "<raw>"`. */
export function refine<T>(inner: Setting<T>, check: (value: T) => boolean, rule: string): Setting<T> {
  return {
    variable: inner.variable,
    read(raw) {
      const result = inner.read(raw)
      if (!result.ok || check(result.value)) return result
      return bad(`must be ${rule}${got(raw?.trim() ?? '')}`)
    },
  }
}
