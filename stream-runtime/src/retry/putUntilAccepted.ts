import { retryWithBackoff, type BackoffPolicy } from './retryWithBackoff.js'

/**
 * Sends `entries` through a batch call that accepts some and refuses others (PutRecords,
 * PutRecordBatch), sending again only the refused ones, with backoff between tries. `send`
 * answers, per entry it was given, whether it was refused.
 *
 * @returns the entries still refused after the policy's last attempt (empty: all accepted)
 * @example
 * const left = await putUntilAccepted(records, async (batch) => refusedOf(await kinesis.send(put(batch))))
 */
export async function putUntilAccepted<T>(entries: readonly T[], send: (pending: readonly T[]) => Promise<readonly boolean[]>, policy?: BackoffPolicy): Promise<readonly T[]> {
  let pending = entries
  const left = await retryWithBackoff(async () => {
    if (pending.length === 0) return undefined
    const refused = await send(pending)
    pending = pending.filter((_, i) => refused[i] ?? true)
    return pending
  }, policy)
  return left ?? []
}
