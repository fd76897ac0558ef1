/**
 * The wait before retry number `retry` (1 for the first retry): "full jitter" exponential backoff,
 * a uniform draw below `min(maxDelayMs, baseDelayMs * 2^(retry - 1))`, so clients that were
 * throttled together do not come back together.
 *
 * @param random - a number in [0, 1)
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1))
  return Math.floor(random() * ceiling)
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
