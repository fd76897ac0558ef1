// When the chaos suite SIGKILLs the platform: seeded, so a run can be repeated.
import { seededRandom } from '../../harness/seededRandom.js'

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
