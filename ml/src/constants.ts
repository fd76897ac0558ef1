/** Where the bid-win model lives in the lake bucket (docs/architecture.md, "Lake layout"). */
export const MODEL_PREFIX = 'models/bid-win'

/** Defaults of the model and the training consumer; every one can be overridden by config or env (README). */
export const ML_DEFAULTS = {
  /** Feature-hashing space: 2^18 buckets. */
  hashBits: 18,
  /**
   * FTRL-Proximal hyper-parameters (McMahan et al. 2013, section 3.1 names), tuned on held-out
   * synthetic markets with examples in bid-time order (README, "Hyper-parameters").
   */
  alpha: 0.3,
  beta: 1,
  l1: 1,
  l2: 1,
  /** A bid without an impression for this long (event time) is lost. */
  bidTimeoutMs: 300_000,
  /** An impression may carry a timestamp up to this much before its bid and still join. */
  impressionSkewMs: 0,
  /** Bounded out-of-orderness of the training job's watermark. */
  watermarkBoundMs: 5_000,
  /** `predicted_label` is 1 when the score is at least this. */
  predictionThreshold: 0.5,
  /** The predictions API checks `latest.json` at most this often. */
  modelRefreshMs: 5_000,
  /** One final example in this many (by a hash of its tx id) is scored but never trained on: the held-out metrics. */
  holdoutEvery: 10,
  /** Model versions kept under `models/bid-win/`; older ones are deleted when a new one is published. */
  versionsKept: 20,
} as const

/** Slots in the ring that holds the training job's join state (see SlottedKeyedStateStore); every record declares them. */
export const JOIN_SLOTS = 256

/**
 * Event time covered by one slot of that ring. Fixed, not derived from the timeout: slots are
 * ordered by their absolute bucket number, which must mean the same thing for the whole life of
 * the stored state. The ring spans 256 × 1.2 s ≈ 5 minutes, the default timeout; with a longer
 * one, keys still waiting when the ring comes back to their slot are carried over (correct, more writing).
 */
export const JOIN_SLOT_MS = 1200
