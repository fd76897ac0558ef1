import { setTimeout as sleep } from 'node:timers/promises'

/** How {@link retryWithBackoff} paces its attempts. */
export interface BackoffPolicy {
  /** Attempts in all, the first included. @default 5 */
  readonly attempts?: number
  /** Pause before the second attempt; doubles per attempt, with full jitter. @default 100 */
  readonly baseMs?: number
  /** Longest pause. @default 5000 */
  readonly maxMs?: number
}

/**
 * Runs `attempt` until it reports nothing left to do, pausing with capped exponential backoff and
 * full jitter between tries. `attempt` gets the 1-based try number and returns what is still
 * pending (`undefined` or an empty array: done). After the last try the pending work is returned,
 * so the caller decides how to fail — a stream handler throws and Lambda retries the batch.
 *
 * @example
 * const left = await retryWithBackoff(async () => (await send(pending)).failed)
 * if (left) throw new StreamRuntimeError(`${left.length} records refused`)
 */
export async function retryWithBackoff<T>(attempt: (n: number) => Promise<readonly T[] | undefined>, policy: BackoffPolicy = {}): Promise<readonly T[] | undefined> {
  const attempts = policy.attempts ?? 5
  const base = policy.baseMs ?? 100
  const max = policy.maxMs ?? 5000
  for (let n = 1; ; n++) {
    const pending = await attempt(n)
    if (pending === undefined || pending.length === 0) return undefined
    if (n >= attempts) return pending
    await sleep(Math.random() * Math.min(max, base * 2 ** (n - 1)))
  }
}
