/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** A percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN
}

/**
 * Runs `fn` for `warmup` unrecorded rounds, then `runs` recorded rounds, and returns the
 * milliseconds of each recorded round.
 */
export function timeRounds(fn: () => void, runs: number, warmup: number): number[] {
  const [out] = timeAlternating([fn], runs, warmup)
  return out as number[]
}

/**
 * Like {@link timeRounds} for several functions whose times are compared: their rounds alternate
 * (a, b, a, b, ...), so a change in the machine's load falls on all of them alike.
 */
export function timeAlternating(fns: ReadonlyArray<() => void>, runs: number, warmup: number): number[][] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn()
  const out = fns.map((): number[] => [])
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, f) => {
      const start = process.hrtime.bigint()
      fn()
      out[f]?.push(Number(process.hrtime.bigint() - start) / 1e6)
    })
  }
  return out
}
