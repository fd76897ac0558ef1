/** Defaults and limits of the event-source-mapping emulator (Lambda's where they exist). */
export const ESM_DEFAULTS = {
  windowSeconds: 5,
  batchSize: 10_000,
  pollIntervalMs: 200,
  discoveryIntervalMs: 1_000,
  retryBaseMs: 100,
  retryMaxMs: 5_000,
} as const

/** Lambda's limits on the mapping settings. */
export const ESM_LIMITS = {
  maxWindowSeconds: 900,
  maxBatchSize: 10_000,
  /** Lambda ends a window early when the state grows past 1 MB; the emulator only warns. */
  maxStateBytes: 1_048_576,
} as const

/**
 * A window counts as complete once a caught-up read that started this long after its end found
 * nothing more for it: a record whose arrival time was taken just before the end may still be
 * committing when the read starts.
 */
export const WINDOW_COMPLETION_GRACE_MS = 100

/** Account id kinesalite puts in ARNs; reused for the function and role ARNs. */
export const LOCAL_ACCOUNT_ID = '000000000000'
