/**
 * Swallows the rejection of an aborted wait, rethrowing anything else: for loops that stop on
 * their own signal, e.g. `await setTimeout(ms, undefined, { signal }).catch(ignoreAbort)`.
 */
export function ignoreAbort(error: unknown): void {
  if ((error as { name?: unknown } | null)?.name !== 'AbortError') throw error
}
