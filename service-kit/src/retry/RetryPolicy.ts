/**
 * How a failed call is tried again: capped exponential backoff with full jitter, bounded by a
 * number of attempts and, optionally, a time budget.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; `Infinity` retries until the deadline or an abort. */
  readonly maxAttempts: number
  /** Ceiling of the pause before the first retry, ms; doubles per retry. */
  readonly baseDelayMs: number
  /** Largest pause ceiling, ms. */
  readonly maxDelayMs: number
  /** No retry starts later than this many ms after the first attempt. @default none */
  readonly deadlineMs?: number
}

/** The default: 5 attempts, pauses below 100, 200, 400, 800 ms (within about 1.5 s). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5000 }

/**
 * The pause before retry number `retry` (1 for the first retry): "full jitter", a uniform draw
 * below `min(maxDelayMs, baseDelayMs * 2^(retry - 1))`, so callers throttled together do not come
 * back together.
 *
 * @param random - a number in [0, 1)
 * @example
 * backoffDelay(3, { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 }, () => 0.5) // 150
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry - 1, 52))
  return Math.floor(random() * ceiling)
}

/** Checks a policy's numbers; a broken one is a programming error. @throws RangeError naming the rule */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { maxAttempts, baseDelayMs, maxDelayMs, deadlineMs } = policy
  if (!(maxAttempts === Infinity || (Number.isSafeInteger(maxAttempts) && maxAttempts >= 1)))
    throw new RangeError(`maxAttempts must be an integer >= 1 or Infinity, got ${maxAttempts}`)
  if (!(baseDelayMs >= 0 && maxDelayMs >= baseDelayMs))
    throw new RangeError(`retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs, got ${baseDelayMs} and ${maxDelayMs}`)
  if (deadlineMs !== undefined && !(deadlineMs >= 0)) throw new RangeError(`deadlineMs must be >= 0, got ${deadlineMs}`)
  return policy
}
