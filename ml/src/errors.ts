/** Base error of the ML workspace, thrown itself for an argument outside a function's contract ("alpha must be a positive number"): every message names the rule that was broken. */
export class MlError extends Error {
  override name = 'MlError'
}

/**
 * A stored model, snapshot or example batch this code cannot read. Restore functions return it as
 * a value; the model store throws it (an unreadable object in the lake is an infrastructure fault
 * that a retry or an operator must resolve, never something to train over silently).
 */
export class ModelFormatError extends MlError {
  override name = 'ModelFormatError'
}

/** An object the model store listed is gone (pruned by another writer): the invocation fails and a retry lists again. */
export class ModelStoreError extends MlError {
  override name = 'ModelStoreError'
}
