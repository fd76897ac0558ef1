/** Format version of the adapter's own envelope in Lambda's `state`. */
export const LAMBDA_STATE_VERSION = 1

/** External-state key of the shard-level carry (watermark and the like); job keys never start with NUL. */
export const CARRY_KEY = '\u0000carry'

/** Default budget for the serialized `state`, under Lambda's 1 MB cap with room for the envelope. */
export const DEFAULT_STATE_BUDGET_BYTES = 900_000
