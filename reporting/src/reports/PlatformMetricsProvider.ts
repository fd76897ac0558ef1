/** One stream consumer's figures, as the platform running it knows them. */
export interface ConsumerSnapshot {
  readonly name: string
  /** Age of the oldest record read but not yet processed (the iterator age), ms. */
  readonly lagMs: number
  readonly invocations: number
  readonly failures: number
  readonly records: number
}

/** The last compaction pass the platform ran. */
export interface CompactionSnapshot {
  /** When it finished, epoch ms. */
  readonly finishedAt: number
  readonly durationMs?: number
  readonly partitionsCompacted?: number
  readonly filesIn?: number
  readonly filesOut?: number
}

/**
 * What only a running platform knows. Every part is optional: what a provider leaves out,
 * `GET /reports/metrics` reports as null.
 */
export interface PlatformSnapshot {
  readonly ingest?: { readonly eventsPerSecond: number; readonly eventsTotal: number }
  readonly consumers?: readonly ConsumerSnapshot[]
  readonly compaction?: CompactionSnapshot
}

/**
 * The port through which a platform hands its live figures to `GET /reports/metrics`. The local
 * platform implements it over its event-source mappings, ingest route and compaction schedule;
 * the AWS stack passes none (those figures live in CloudWatch there).
 *
 * @example
 * const provider: PlatformMetricsProvider = {
 *   name: 'local',
 *   snapshot: () => ({ consumers: [{ name: 'reporting', lagMs: 40, invocations: 9, failures: 0, records: 120 }] }),
 * }
 */
export interface PlatformMetricsProvider {
  /** Reported as `platform` (`local`). */
  readonly name: string
  snapshot(): PlatformSnapshot | Promise<PlatformSnapshot>
}
