import { Backoff, type RetryControls } from './Backoff.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './RetryPolicy.js'

/** Options of {@link retry}. */
export interface RetryOptions extends RetryControls {
  /** Whether a thrown error is worth another attempt. @default every error */
  readonly isRetryable?: (error: unknown) => boolean
}

/**
 * Calls `attempt` until it resolves, retrying thrown errors that `isRetryable` accepts with the
 * policy's pauses. The last error is rethrown when attempts or the deadline run out, a
 * non-retryable one at once.
 *
 * @example
 * const shards = await retry(() => kinesis.send(new ListShardsCommand(input)), { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 })
 */
export async function retry<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY, options: RetryOptions = {}): Promise<T> {
  const backoff = new Backoff(policy, options)
  for (;;) {
    try {
      return await attempt(backoff.attempt)
    } catch (error) {
      if (options.isRetryable && !options.isRetryable(error)) throw error
      if (!(await backoff.pause())) throw error
    }
  }
}

/**
 * Runs `attempt` until it reports nothing left to do: it gets the 1-based try number and returns
 * what is still pending (empty or `undefined`: done). After the last try the pending work is
 * returned, so the caller decides how to fail — a stream handler throws and Lambda retries the
 * batch.
 *
 * @example
 * const left = await retryPending(async () => (await send(pending)).failed, policy)
 * if (left.length > 0) throw new StreamRuntimeError(`${left.length} records refused`)
 */
export async function retryPending<T>(
  attempt: (n: number) => Promise<readonly T[] | undefined>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  controls: RetryControls = {},
): Promise<readonly T[]> {
  const backoff = new Backoff(policy, controls)
  for (;;) {
    const pending = (await attempt(backoff.attempt)) ?? []
    if (pending.length === 0 || !(await backoff.pause())) return pending
  }
}

/**
 * Sends `entries` through a batch call that accepts some and refuses others (PutRecords,
 * PutRecordBatch), sending again only the refused ones. `send` answers, per entry it was given,
 * whether it was refused.
 *
 * @returns the entries still refused after the policy's last attempt (empty: all accepted)
 * @example
 * const left = await putUntilAccepted(records, async (batch) => refusedOf(await kinesis.send(put(batch))), policy)
 */
export async function putUntilAccepted<T>(
  entries: readonly T[],
  send: (pending: readonly T[]) => Promise<readonly boolean[]>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  controls: RetryControls = {},
): Promise<readonly T[]> {
  let pending = entries
  return retryPending(
    async () => {
      if (pending.length === 0) return undefined
      const refused = await send(pending)
      pending = pending.filter((_, i) => refused[i] ?? true)
      return pending
    },
    policy,
    controls,
  )
}
