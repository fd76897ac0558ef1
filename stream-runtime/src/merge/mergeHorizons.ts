/** A day on top of the allowed lateness: how late a partial may reach the second stage (a lagging stage 1). */
const MARGIN_MS = 86_400_000

/** How long a second stage takes partials, and keeps what it merged, for a job's allowed lateness. */
export interface MergeHorizons {
  /** Partials of windows that ended longer ago than this (in arrival time) are dead-lettered, not merged. */
  readonly horizonMs: number
  /** State retention: a day past the horizon, so no write ever starts from an expired value. */
  readonly retentionMs: number
}

/** The horizons of a second stage whose job allows `allowedLatenessMs` of lateness: lateness + 1 day, and + 2 days. */
export function mergeHorizons(allowedLatenessMs: number): MergeHorizons {
  const horizonMs = allowedLatenessMs + MARGIN_MS
  return { horizonMs, retentionMs: horizonMs + MARGIN_MS }
}
