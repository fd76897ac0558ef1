import type { WindowState } from './types.js'

/** What happened when the handler was called. */
export type InvokeResult = { readonly kind: 'returned'; readonly response: unknown } | { readonly kind: 'threw'; readonly error: unknown }

/** How the emulator acts on an invocation, following Lambda's rules for tumbling windows. */
export type InvocationOutcome =
  /** Checkpoint the whole batch and carry `state`. */
  | { readonly kind: 'success'; readonly state: WindowState }
  /**
   * `batchItemFailures`: records before `failedIndex` are done; retry from the record at
   * `failedIndex` (the lowest reported sequence number) with the state from before the call.
   */
  | { readonly kind: 'partial'; readonly failedIndex: number }
  /** Retry the same batch with the same state. */
  | { readonly kind: 'failure'; readonly reason: string; readonly error?: unknown }

/**
 * Classifies a handler result. A thrown error, a response without an object `state`, or a
 * malformed `batchItemFailures` (not a list; an entry whose `itemIdentifier` is empty or not a
 * sequence number of the batch) fail the whole batch. An empty or absent list is full success.
 *
 * @param result - what the handler did
 * @param batch - sequence numbers of the records in the event, in order
 */
export function interpretResponse(result: InvokeResult, batch: ReadonlyArray<string>): InvocationOutcome {
  if (result.kind === 'threw') {
    return { kind: 'failure', reason: 'handler threw', error: result.error }
  }
  const response = result.response
  if (!isPlainObject(response) || !('state' in response)) {
    return { kind: 'failure', reason: 'response has no state (Lambda treats it as a failed invocation)' }
  }
  const state = response['state']
  if (!isPlainObject(state)) {
    return { kind: 'failure', reason: 'response state is not an object' }
  }
  const failures = response['batchItemFailures']
  if (failures === undefined || failures === null) return { kind: 'success', state }
  if (!Array.isArray(failures)) {
    return { kind: 'failure', reason: 'batchItemFailures is not a list' }
  }
  if (failures.length === 0) return { kind: 'success', state }
  let failedIndex = Number.POSITIVE_INFINITY
  for (const failure of failures) {
    const id: unknown = isPlainObject(failure) ? failure['itemIdentifier'] : undefined
    const index = typeof id === 'string' && id !== '' ? batch.indexOf(id) : -1
    if (index < 0) {
      return {
        kind: 'failure',
        reason: `batchItemFailures names ${JSON.stringify(id ?? null)}, which is not a sequence number of this batch`,
      }
    }
    failedIndex = Math.min(failedIndex, index)
  }
  return { kind: 'partial', failedIndex }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
