/** Defaults of compaction (each overridable by option or environment variable). */
export const COMPACTION_DEFAULTS = {
  /** Output files are cut near this size. `COMPACTION_TARGET_MB`. */
  targetBytes: 128 * 1024 * 1024,
  /** A committed file at least this fraction of the target is kept as it is, not rewritten. */
  keepRatio: 0.75,
  /** A partition is closed (compactable) this long after its hour ends. `COMPACTION_GRACE_SECONDS`. */
  graceMs: 30 * 60_000,
  /** Superseded objects are deleted this long after the commit that hid them, so running queries finish. `COMPACTION_DELETE_DELAY_SECONDS`. */
  deleteDelayMs: 30 * 60_000,
  /** A lease on a partition lasts this long unless released. `COMPACTION_LEASE_SECONDS`. */
  leaseTtlMs: 15 * 60_000,
  /** Partitions whose hour ended longer ago than this are left alone. `COMPACTION_LOOKBACK_HOURS`. */
  lookbackMs: 72 * 3_600_000,
} as const

/** The steps of compacting one partition, in order; a crash can happen after any of them. */
export const COMPACTION_STEPS = ['leased', 'planned', 'written', 'committed', 'cleaned'] as const

/** The dead-letter source of the Firehose transformation: `errors/firehose-transform/dt=.../`. */
export const FIREHOSE_TRANSFORM_SOURCE = 'firehose-transform'
