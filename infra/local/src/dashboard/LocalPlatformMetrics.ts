import type { CompactionRunReport } from '@sdp/compaction'
import type { EventSourceMappingCounters } from '../eventSourceMapping/types.js'
import type { ApiGatewayHandler } from '../httpServer.js'
import type { CompactionSnapshot, FaultsSnapshot, PlatformMetricsProvider, PlatformSnapshot } from '@sdp/reporting'
import type { FaultCounts } from '../faults/FaultCounter.js'

/** Seconds over which the ingest rate is averaged. */
const RATE_WINDOW_SECONDS = 10

/** What the metrics read of a running platform: its event-source mappings, and its fault proxy when faults are on. */
export interface MetricsSource {
  readonly mappings: ReadonlyArray<{ readonly name: string; lagMs(): number; readonly counters: EventSourceMappingCounters }>
  readonly faults?: { readonly description: string; readonly counts: FaultCounts }
}

/**
 * The local platform's live figures for `GET /reports/metrics`: events accepted by the ingest
 * routes (wrap the ingest handler with {@link meterIngest}), each event-source mapping's lag and
 * counters ({@link attach} the platform once it runs), and the last pass of the compaction
 * schedule ({@link recordCompaction}). Figures not fed are left out (reported as null).
 *
 * @example
 * const metrics = new LocalPlatformMetrics()
 * const ingest = metrics.meterIngest(createIngestHandler({ kinesis, streamName }))
 * // … start the platform with routes using `ingest` and `dashboardRoutes({ …, metrics })`
 * metrics.attach(platform)
 */
export class LocalPlatformMetrics implements PlatformMetricsProvider {
  readonly name = 'local'
  private source: MetricsSource | undefined
  private compaction: CompactionSnapshot | undefined
  private ingested = 0
  private metered = false
  /** Events accepted per second, the last RATE_WINDOW_SECONDS + 1 seconds, by `second % length`. */
  private readonly perSecond = new Array<number>(RATE_WINDOW_SECONDS + 1).fill(0)
  private lastSecond = 0

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads lag and counters from the platform's mappings from now on. */
  attach(source: MetricsSource): void {
    this.source = source
  }

  /** The ingest handler, counting the events of every 200 answer (1 per single event, `items.length` per batch). */
  meterIngest(handler: ApiGatewayHandler): ApiGatewayHandler {
    this.metered = true
    return async (event, context) => {
      const result = await handler(event, context)
      if (result.statusCode === 200) {
        try {
          const body = JSON.parse(result.body) as { items?: unknown }
          this.count(Array.isArray(body.items) ? body.items.length : 1)
        } catch {
          this.count(1)
        }
      }
      return result
    }
  }

  /** Remembers a finished compaction pass. */
  recordCompaction(report: CompactionRunReport): void {
    this.compaction = {
      finishedAt: report.startedAt + report.durationMs,
      durationMs: report.durationMs,
      partitionsCompacted: report.totals.compacted,
      filesIn: report.totals.filesIn,
      filesOut: report.totals.filesOut,
    }
  }

  snapshot(): PlatformSnapshot {
    const second = Math.floor(this.now() / 1000)
    this.advance(second)
    // the current second is still filling: average the RATE_WINDOW_SECONDS before it plus what it has so far
    let sum = 0
    for (let s = second - RATE_WINDOW_SECONDS + 1; s <= second; s++) sum += this.perSecond[s % this.perSecond.length] as number
    return {
      ...(this.metered ? { ingest: { eventsPerSecond: sum / RATE_WINDOW_SECONDS, eventsTotal: this.ingested } } : {}),
      ...(this.source ? { consumers: this.source.mappings.map((m) => ({ name: m.name, lagMs: m.lagMs(), ...pick(m.counters) })) } : {}),
      ...(this.compaction ? { compaction: this.compaction } : {}),
      ...(this.source?.faults ? { faults: faultsSnapshot(this.source.faults.description, this.source.faults.counts) } : {}),
    }
  }

  private count(events: number): void {
    const second = Math.floor(this.now() / 1000)
    this.advance(second)
    const slot = second % this.perSecond.length
    this.perSecond[slot] = (this.perSecond[slot] as number) + events
    this.ingested += events
  }

  /** Zeroes the slots of the seconds that passed without events. */
  private advance(second: number): void {
    if (this.lastSecond === 0) this.lastSecond = second
    for (let s = Math.max(this.lastSecond + 1, second - this.perSecond.length + 1); s <= second; s++) this.perSecond[s % this.perSecond.length] = 0
    this.lastSecond = Math.max(this.lastSecond, second)
  }
}

const pick = (c: EventSourceMappingCounters) => ({ invocations: c.invocations, failures: c.failures, records: c.records })

/** The fault proxy's counts summed per service (every kind and call). */
export function faultsSnapshot(spec: string, counts: FaultCounts): FaultsSnapshot {
  const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0)
  const injected = Object.fromEntries(
    Object.entries(counts.injected).map(([service, kinds]) => [service, sum(Object.values(kinds).flatMap((calls) => Object.values(calls ?? {})))]),
  )
  return { spec, requests: { ...counts.requests }, injected, sdkRetries: { ...counts.sdkRetries } }
}
