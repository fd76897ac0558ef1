// Waits for a platform's consumers to work off a backlog, so what is timed next meets the
// platform as it runs in a steady state rather than catching up.
import type { LocalPlatform } from '@sdp/infra'

/** What {@link untilCaughtUp} saw. */
export interface CaughtUp {
  /** Milliseconds from the call until the last of the checks in a row passed. */
  readonly ms: number
  /** Each consumer's lag (ms) at the call: what was still being worked off. */
  readonly lagsAtStartMs: Readonly<Record<string, number>>
}

/** Consecutive passing checks: a lag that dips for a moment between two batches does not count. */
const CHECKS_IN_A_ROW = 5

/**
 * Resolves once every consumer of `platform` has been within `maxLagMs` of its stream's tip
 * (its iterator-age equivalent) for {@link CHECKS_IN_A_ROW} checks `checkEveryMs` apart.
 * @throws Error naming the consumers still behind when `timeoutMs` passes
 */
export async function untilCaughtUp(platform: Pick<LocalPlatform, 'mappings'>, maxLagMs: number, timeoutMs: number, checkEveryMs = 1_000): Promise<CaughtUp> {
  const lags = () => Object.fromEntries(platform.mappings.map((m) => [m.name, m.lagMs()]))
  const lagsAtStartMs = lags()
  const started = performance.now()
  for (let passed = 0; passed < CHECKS_IN_A_ROW;) {
    const behind = Object.entries(lags()).filter(([, lag]) => lag > maxLagMs)
    passed = behind.length === 0 ? passed + 1 : 0
    if (behind.length > 0 && performance.now() - started > timeoutMs)
      throw new Error(`consumers still more than ${maxLagMs} ms behind after ${timeoutMs} ms: ${behind.map(([n, lag]) => `${n} ${lag} ms`).join(', ')}`)
    if (passed < CHECKS_IN_A_ROW) await new Promise((resolve) => setTimeout(resolve, checkEveryMs))
  }
  return { ms: Math.round(performance.now() - started), lagsAtStartMs }
}
