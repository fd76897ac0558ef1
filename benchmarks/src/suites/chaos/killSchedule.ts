// When the chaos suite SIGKILLs the platform: seeded, so a run can be repeated.

/** A small seeded PRNG (mulberry32) with uniform output in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `kills` moments (ms into the load, ascending) for a load of `durationMs`: the middle 80 % of the
 * run split into `kills` equal slots, one uniformly random moment in each, so kills never bunch up
 * and the load runs on both before the first and after the last.
 *
 * @throws RangeError when `kills` is not a positive integer or `durationMs` is not positive
 */
export function killSchedule(kills: number, durationMs: number, seed: number): number[] {
  if (!Number.isInteger(kills) || kills < 1) throw new RangeError(`kills must be a positive integer, got ${kills}`)
  if (!(durationMs > 0)) throw new RangeError(`durationMs must be positive, got ${durationMs}`)
  const random = seededRandom(seed)
  const start = durationMs * 0.1
  const slot = (durationMs * 0.8) / kills
  return Array.from({ length: kills }, (_, i) => Math.round(start + slot * (i + random())))
}
