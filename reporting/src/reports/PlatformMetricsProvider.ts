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

/** Faults a platform injects at its AWS endpoints on purpose (the local fault mode), per service. */
export interface FaultsSnapshot {
  /** The fault spec, e.g. `s3=0.05,dynamodb=0.05,kinesis=0.03,reset=0.01,seed=7`. */
  readonly spec: string
  /** Requests that reached the services, per service. */
  readonly requests: Readonly<Record<string, number>>
  /** Requests answered with a fault (errors, partial failures, resets), per service. */
  readonly injected: Readonly<Record<string, number>>
  /** Requests that were the AWS SDK retrying a call, per service. */
  readonly sdkRetries: Readonly<Record<string, number>>
}

/**
 * What only a running platform knows. Every part is optional: what a provider leaves out,
 * `GET /reports/metrics` reports as null.
 */
export interface PlatformSnapshot {
  readonly ingest?: { readonly eventsPerSecond: number; readonly eventsTotal: number }
  readonly consumers?: readonly ConsumerSnapshot[]
  readonly compaction?: CompactionSnapshot
  /** Present only while faults are injected on purpose. */
  readonly faults?: FaultsSnapshot
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
