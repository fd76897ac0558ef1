/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** The percentile `p` (0–100) of an ascending list, nearest rank (NaN for an empty list). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}

/** `n` rounded to `digits` decimal places. */
export function roundTo(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** p50/p95/p99 (nearest rank), max and mean of a list of milliseconds, rounded to 0.01 ms. */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN }
  const sorted = Float64Array.from(values).sort()
  const at = (p: number) => roundTo(nearestRank(sorted, p), 2)
  let sum = 0
  for (const v of sorted) sum += v
  return { p50: at(50), p95: at(95), p99: at(99), max: roundTo(sorted[sorted.length - 1] as number, 2), mean: roundTo(sum / sorted.length, 2) }
}

/**
 * Runs `fn` for `warmup` unrecorded rounds, then `runs` recorded rounds, and returns the
 * milliseconds of each recorded round.
 */
export function timeRounds(fn: () => void, runs: number, warmup: number): number[] {
  const [out] = timeAlternating([{ prepare: () => undefined, run: fn }], runs, warmup)
  return out as number[]
}

/** A timed step and, untimed before each round, what it works on. */
export interface AlternatingStep<T> {
  readonly prepare: () => T
  readonly run: (input: T) => void
}

/** V8's `gc` when node runs with `--expose-gc` (`npm run bench` does). */
const gc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc

/**
 * Like {@link timeRounds} for several steps whose times are compared: their rounds alternate
 * (a, b, a, b, ...), so a change in the machine's load falls on all of them alike; each round's
 * input is prepared untimed just before it, so no step pays for the others' inputs.
 *
 * Each round starts with an empty young generation (two untimed scavenges, when `gc` is exposed),
 * then prepares its input, so the input is young as a freshly delivered event is. Without this,
 * the scavenges caused by all steps' allocations fall in a fixed rhythm on one step, and that
 * step's median carries them (measured: the same step at 10.7 and 15.9 ms in one run).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each step prepares an input of its own type
export function timeAlternating(steps: ReadonlyArray<AlternatingStep<any>>, runs: number, warmup: number): number[][] {
  const out = steps.map((): number[] => [])
  for (let i = 0; i < warmup + runs; i++) {
    steps.forEach((step, s) => {
      gc?.({ type: 'minor' })
      gc?.({ type: 'minor' })
      const input: unknown = step.prepare()
      const start = process.hrtime.bigint()
      step.run(input)
      if (i >= warmup) out[s]?.push(Number(process.hrtime.bigint() - start) / 1e6)
    })
  }
  return out
}
