/**
 * The operator's snapshot format, version 1: columnar, one record per window.
 *
 * ```
 * { v: 1, a: assigner name, t: trigger name, w: watermark, p: processing time | null,
 *   g: watermark generator state, d: [window...], x?: [window...] (retained partials) }
 * window = { s: start, e: end,
 *   n?: numeric keys ascending, delta-encoded (first key, then differences),
 *   N?: numeric keys ascending, verbatim (used when they are not all safe integers),
 *   k?: string keys ascending,
 *   a?: encoded accumulators of the keys that have one, in key order (numbers, then strings),
 *   f?: when every accumulator is an array of f numbers, `a` is their concatenation,
 *   u?: indexes (in key order) of keys whose accumulator is empty,
 *   z?: trigger states as [index, state, index, state, ...],
 *   te?/tp?: event/processing timers, [time] for every key of the window or [time, index...] }
 * ```
 */
import { SnapshotFormatError } from '../../errors.js'
import type { AggregateFunction, Json, Key, TimeWindow } from '../../types.js'
import type { WatermarkGenerator } from '../../watermarks/WatermarkGenerator.js'
import { compareKeys } from './compareKeys.js'
import type { PendingPartials } from './PendingPartials.js'
import { EVENT, PROCESSING, type DomainIndex, type Group, type WindowTable } from './WindowTable.js'

/** The snapshot version this code writes and reads. */
export const SNAPSHOT_VERSION = 1

/** The parts of an operator core a snapshot holds: the codec reads and writes nothing else. */
export interface SnapshotTarget<ACC> {
  readonly config: {
    readonly assigner: { readonly name: string }
    readonly trigger: { readonly name: string }
    readonly aggregate: Pick<AggregateFunction<never, ACC, unknown>, 'encode' | 'decode'>
  }
  readonly table: WindowTable<ACC>
  readonly pending: PendingPartials<ACC>
  readonly generator: WatermarkGenerator
  wm: number
  pt: number | null
}

/** An accumulator as JSON: through the aggregate's `encode`, or as it is when there is none. */
function encodeAccumulator<ACC>(aggregate: SnapshotTarget<ACC>['config']['aggregate'], acc: ACC): Json {
  return aggregate.encode === undefined ? (acc as Json) : aggregate.encode(acc)
}
type JsonRecord = { [field: string]: Json }

function copyJson(value: Json): Json {
  if (Array.isArray(value)) return value.map(copyJson)
  if (typeof value === 'object' && value !== null) {
    const copy: JsonRecord = {}
    for (const [field, inner] of Object.entries(value)) copy[field] = copyJson(inner)
    return copy
  }
  return value
}

function encodeKeys(keys: readonly Key[], out: JsonRecord): void {
  const numbers = keys.filter((key): key is number => typeof key === 'number')
  const strings = keys.filter((key): key is string => typeof key === 'string')
  if (numbers.length > 0) {
    const deltas = numbers.map((key, i) => (i === 0 ? key : key - (numbers[i - 1] as number)))
    if (numbers.every(Number.isSafeInteger) && deltas.every(Number.isSafeInteger)) out['n'] = deltas
    else out['N'] = numbers
  }
  if (strings.length > 0) out['k'] = strings
}

/** Width when every accumulator is an array of the same number of finite numbers. */
function flatWidth(accs: readonly Json[]): number | undefined {
  const first = accs[0]
  if (!Array.isArray(first) || first.length === 0) return undefined
  const width = first.length
  const flat = accs.every((acc) => Array.isArray(acc) && acc.length === width && acc.every((x) => typeof x === 'number' && Number.isFinite(x)))
  return flat ? width : undefined
}

function encodeAccumulators(accs: readonly Json[], out: JsonRecord): void {
  if (accs.length === 0) return
  const width = flatWidth(accs)
  if (width === undefined) {
    out['a'] = accs.map(copyJson)
  } else {
    out['f'] = width
    out['a'] = (accs as number[][]).flat()
  }
}

function encodeGroup<ACC>(core: SnapshotTarget<ACC>, group: Group<ACC>): Json {
  const { aggregate } = core.config
  const keys = [...group.entries.keys()].sort(compareKeys)
  const index = new Map(keys.map((key, i) => [key, i]))
  const out: JsonRecord = { s: group.window.start, e: group.window.end }
  encodeKeys(keys, out)
  const accs: Json[] = []
  const absent: number[] = []
  const states: Json[] = []
  keys.forEach((key, i) => {
    const entry = group.entries.get(key)
    if (entry === undefined) return
    if (entry.acc === undefined) absent.push(i)
    else accs.push(encodeAccumulator(aggregate, entry.acc))
    if (entry.state !== undefined) states.push(i, copyJson(entry.state))
  })
  encodeAccumulators(accs, out)
  if (absent.length > 0) out['u'] = absent
  if (states.length > 0) out['z'] = states
  for (const [domain, field] of [
    [EVENT, 'te'],
    [PROCESSING, 'tp'],
  ] as const) {
    const timers = [...group.timers[domain]].sort(([a], [b]) => a - b)
    if (timers.length === 0) continue
    out[field] = timers.map(([time, timerKeys]) =>
      timerKeys.size === keys.length ? [time] : [time, ...[...timerKeys].map((key) => index.get(key) as number).sort((a, b) => a - b)],
    )
  }
  return out
}

function encodePending<ACC>(core: SnapshotTarget<ACC>): Json[] {
  const { aggregate } = core.config
  const groups = [...core.pending.groups.values()].sort((a, b) => a.window.start - b.window.start || a.window.end - b.window.end)
  return groups.map((group) => {
    const entries = [...group.entries].sort(([a], [b]) => compareKeys(a, b))
    const out: JsonRecord = { s: group.window.start, e: group.window.end }
    encodeKeys(
      entries.map(([key]) => key),
      out,
    )
    encodeAccumulators(
      entries.map(([, acc]) => encodeAccumulator(aggregate, acc)),
      out,
    )
    return out
  })
}

/** Writes the operator's whole state as a version-1 snapshot. */
export function encodeSnapshot<ACC>(core: SnapshotTarget<ACC>): Json {
  const groups = [...core.table.groups.values()].sort((a, b) => a.window.start - b.window.start || a.window.end - b.window.end)
  const snapshot: JsonRecord = {
    v: SNAPSHOT_VERSION,
    a: core.config.assigner.name,
    t: core.config.trigger.name,
    w: core.wm,
    p: core.pt,
    g: core.generator.snapshot(),
    d: groups.map((group) => encodeGroup(core, group)),
  }
  if (core.pending.groups.size > 0) snapshot['x'] = encodePending(core)
  return snapshot
}

// ---------------------------------------------------------------------------------------------
// Reading: every check names the rule; anything unexpected becomes a SnapshotFormatError.

class FormatProblem extends Error {}

function fail(message: string): never {
  throw new FormatProblem(message)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function safeInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(`${what} must be a safe integer`)
  return value
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(`${what} must be an array`)
  return value
}

function decodeKeys(record: Record<string, unknown>): Key[] {
  if (record['n'] !== undefined && record['N'] !== undefined) fail('a window has either n or N numeric keys, not both')
  const numbers: number[] = []
  if (record['n'] !== undefined) {
    array(record['n'], 'n').forEach((delta, i) => {
      const value = safeInteger(delta, 'a numeric key delta')
      if (i === 0) numbers.push(value)
      else if (value < 1) fail('numeric keys must be strictly ascending')
      else numbers.push(safeInteger((numbers[i - 1] as number) + value, 'a numeric key'))
    })
  }
  if (record['N'] !== undefined) {
    array(record['N'], 'N').forEach((key, i) => {
      if (typeof key !== 'number' || !Number.isFinite(key)) fail('numeric keys must be finite numbers')
      if (i > 0 && key <= (numbers[i - 1] as number)) fail('numeric keys must be strictly ascending')
      numbers.push(key)
    })
  }
  const strings: string[] = []
  if (record['k'] !== undefined) {
    array(record['k'], 'k').forEach((key, i) => {
      if (typeof key !== 'string') fail('string keys must be strings')
      if (i > 0 && key <= (strings[i - 1] as string)) fail('string keys must be strictly ascending')
      strings.push(key)
    })
  }
  const keys: Key[] = [...numbers, ...strings]
  if (keys.length === 0) fail('a window must hold at least one key')
  return keys
}

function decodeIndexes(value: unknown, count: number, what: string): number[] {
  const indexes = array(value, what).map((index) => safeInteger(index, `an index in ${what}`))
  indexes.forEach((index, i) => {
    if (index < 0 || index >= count) fail(`indexes in ${what} must point at a key of the window`)
    if (i > 0 && index <= (indexes[i - 1] as number)) fail(`indexes in ${what} must be strictly ascending`)
  })
  return indexes
}

function decodeAccumulatorColumn(record: Record<string, unknown>, count: number): Json[] {
  const column = record['a'] === undefined ? [] : array(record['a'], 'a')
  if (record['f'] === undefined) {
    if (column.length !== count) fail('a must hold one accumulator per key that has one')
    return column as Json[]
  }
  const width = safeInteger(record['f'], 'f')
  if (width < 1) fail('f must be positive')
  if (column.length !== count * width) fail('a must hold f numbers per key that has an accumulator')
  if (!column.every((x) => typeof x === 'number' && Number.isFinite(x))) fail('a flat accumulator column must hold numbers')
  const accs: Json[] = []
  for (let i = 0; i < count; i++) accs.push(column.slice(i * width, (i + 1) * width) as number[])
  return accs
}

function decodeWindow(record: Record<string, unknown>): TimeWindow {
  const start = safeInteger(record['s'], 'a window start')
  const end = safeInteger(record['e'], 'a window end')
  if (start >= end) fail('a window start must be smaller than its end')
  return { start, end }
}

function decodeGroup<ACC>(core: SnapshotTarget<ACC>, value: unknown, decodeAcc: (json: Json) => ACC): void {
  if (!isRecord(value)) fail('each window must be an object')
  const window = decodeWindow(value)
  const keys = decodeKeys(value)
  const absent = new Set(value['u'] === undefined ? [] : decodeIndexes(value['u'], keys.length, 'u'))
  const accs = decodeAccumulatorColumn(value, keys.length - absent.size)
  const states = new Map<number, Json>()
  if (value['z'] !== undefined) {
    const pairs = array(value['z'], 'z')
    if (pairs.length % 2 !== 0) fail('z must hold index, state pairs')
    for (let i = 0; i < pairs.length; i += 2) {
      const index = safeInteger(pairs[i], 'a trigger state index')
      if (index < 0 || index >= keys.length || states.has(index)) fail('trigger state indexes must point at distinct keys')
      states.set(index, copyJson(pairs[i + 1] as Json))
    }
  }
  if (core.table.groups.has(`${window.start}/${window.end}`)) fail('a window must appear only once')
  const group = core.table.group(window)
  let next = 0
  keys.forEach((key, i) => {
    const entry = core.table.entry(group, key)
    if (!absent.has(i)) core.table.setAccumulator(entry, decodeAcc(accs[next++] as Json))
    const state = states.get(i)
    if (state !== undefined) core.table.setState(entry, state)
  })
  for (const [domain, field] of [
    [EVENT, 'te'],
    [PROCESSING, 'tp'],
  ] as [DomainIndex, string][]) {
    if (value[field] === undefined) continue
    for (const timer of array(value[field], field)) {
      const [time, ...rest] = array(timer, 'a timer')
      const at = safeInteger(time, 'a timer time')
      const indexes = rest.length === 0 ? keys.map((_, i) => i) : decodeIndexes(rest, keys.length, 'a timer')
      for (const i of indexes) core.table.registerTimer(domain, group, keys[i] as Key, at)
    }
  }
}

function decodePending<ACC>(core: SnapshotTarget<ACC>, value: unknown, decodeAcc: (json: Json) => ACC): void {
  if (!isRecord(value)) fail('each retained window must be an object')
  const window = decodeWindow(value)
  const keys = decodeKeys(value)
  const accs = decodeAccumulatorColumn(value, keys.length)
  keys.forEach((key, i) => core.pending.add(window, key, decodeAcc(accs[i] as Json)))
}

function apply<ACC>(core: SnapshotTarget<ACC>, snapshot: unknown): void {
  if (!isRecord(snapshot)) fail('a window operator snapshot must be an object')
  if (snapshot['v'] !== SNAPSHOT_VERSION) {
    fail(`snapshot version must be ${SNAPSHOT_VERSION}, got ${JSON.stringify(snapshot['v']) ?? 'none'}`)
  }
  const { assigner, trigger, aggregate } = core.config
  if (snapshot['a'] !== assigner.name) fail(`snapshot windows ${String(snapshot['a'])} must match the assigner ${assigner.name}`)
  if (snapshot['t'] !== trigger.name) fail(`snapshot trigger ${String(snapshot['t'])} must match the trigger ${trigger.name}`)
  const watermark = safeInteger(snapshot['w'], 'the watermark')
  const processingTime = snapshot['p'] === null ? null : safeInteger(snapshot['p'], 'the processing time')
  const generatorError = core.generator.restore(snapshot['g'] as Json)
  if (generatorError !== undefined) fail(generatorError.message)
  core.wm = watermark
  core.pt = processingTime
  const decodeAcc = (json: Json): ACC => (aggregate.decode === undefined ? (copyJson(json) as ACC) : aggregate.decode(json))
  for (const group of array(snapshot['d'], 'd')) decodeGroup(core, group, decodeAcc)
  if (snapshot['x'] !== undefined) for (const group of array(snapshot['x'], 'x')) decodePending(core, group, decodeAcc)
}

/**
 * Loads a snapshot into a freshly built operator core. Returns (never throws) a
 * SnapshotFormatError naming what is wrong; the core is then unusable and must be discarded.
 */
export function decodeSnapshot<ACC>(core: SnapshotTarget<ACC>, snapshot: unknown): SnapshotFormatError | undefined {
  try {
    apply(core, snapshot)
    return undefined
  } catch (error) {
    if (error instanceof FormatProblem) return new SnapshotFormatError(error.message)
    const reason = error instanceof Error ? error.message : String(error)
    return new SnapshotFormatError(`snapshot cannot be read: ${reason}`)
  }
}
