import type { S3Client } from '@aws-sdk/client-s3'
import { CachedRead } from './_internal/CachedRead.js'
import { DeadLetterCounter } from './DeadLetterCounter.js'
import { reportLagMs } from '../reportLag.js'
import type { PlatformMetricsProvider, PlatformSnapshot } from './PlatformMetricsProvider.js'
import { readModelStatus } from './readModelStatus.js'
import type { MetricsResponse, ModelStatus } from './responses.js'

/** Options of {@link MetricsService}. */
export interface MetricsServiceOptions {
  /** The lake bucket's client and name: dead letters and the model are read there. @default none (those fields are null) */
  readonly lake?: { readonly s3: Pick<S3Client, 'send'>; readonly bucket: string }
  /** Live figures of the running platform. @default none (ingest, lag and compaction are null) */
  readonly platform?: PlatformMetricsProvider
  /** How long one read of the lake serves every request. @default 2000 */
  readonly cacheMs?: number
  /** @default Date.now */
  readonly now?: () => number
}

type LakeFigures = { deadLetters: MetricsResponse['dead_letters']; model: ModelStatus }

const NO_LAKE: LakeFigures = {
  deadLetters: { files: null, records: null, complete: false, latest_at: null, by_source: {} },
  model: { status: 'unavailable', message: 'this reports API has no lake bucket configured' },
}

/**
 * Platform health for `GET /reports/metrics`: the platform provider's live figures (read on every
 * request; they are in memory) and the lake's dead letters and model pointer (read at most once
 * per `cacheMs`, shared by concurrent requests).
 */
export class MetricsService {
  private readonly now: () => number
  private readonly lake: CachedRead<LakeFigures>

  constructor(private readonly options: MetricsServiceOptions = {}) {
    this.now = options.now ?? Date.now
    const { lake } = options
    const deadLetters = lake ? new DeadLetterCounter(lake) : undefined
    this.lake = new CachedRead(async () => (lake && deadLetters ? readLake(lake, deadLetters) : NO_LAKE), options.cacheMs ?? 2000, this.now)
  }

  async metrics(): Promise<MetricsResponse> {
    const [live, lake] = await Promise.all([this.options.platform?.snapshot() ?? {}, this.lake.get()])
    const consumers = (live.consumers ?? []).map((c) => ({
      name: c.name,
      lag_ms: c.lagMs,
      invocations: c.invocations,
      failures: c.failures,
      records: c.records,
    }))
    return {
      generated_at: new Date(this.now()).toISOString(),
      platform: this.options.platform?.name ?? null,
      ingest: { events_per_second: live.ingest?.eventsPerSecond ?? null, events_total: live.ingest?.eventsTotal ?? null },
      lag: {
        window_handler_ms: consumers.length === 0 ? null : Math.max(...consumers.map((x) => x.lag_ms)),
        report_ms: reportLagMs(live.consumers ?? []),
        consumers,
      },
      dead_letters: lake.deadLetters,
      compaction: compactionOf(live.compaction),
      model: lake.model,
      faults: faultsOf(live.faults),
    }
  }
}

/** The latest compaction pass, as the API names its figures. */
function compactionOf(c: PlatformSnapshot['compaction']): MetricsResponse['compaction'] {
  if (!c) return null
  return {
    finished_at: new Date(c.finishedAt).toISOString(),
    duration_ms: c.durationMs ?? null,
    partitions_compacted: c.partitionsCompacted ?? null,
    files_in: c.filesIn ?? null,
    files_out: c.filesOut ?? null,
  }
}

/** The fault figures per service, with the totals the dashboard shows. */
function faultsOf(f: PlatformSnapshot['faults']): MetricsResponse['faults'] {
  if (!f) return null
  const names = [...new Set([...Object.keys(f.requests), ...Object.keys(f.injected), ...Object.keys(f.sdkRetries)])].sort()
  const services = Object.fromEntries(names.map((n) => [n, { requests: f.requests[n] ?? 0, injected: f.injected[n] ?? 0, sdk_retries: f.sdkRetries[n] ?? 0 }]))
  const total = (pick: (s: { injected: number; sdk_retries: number }) => number) => Object.values(services).reduce((a, s) => a + pick(s), 0)
  return { spec: f.spec, services, injected_total: total((s) => s.injected), sdk_retries_total: total((s) => s.sdk_retries) }
}

/** The lake's dead letters and model pointer. */
async function readLake(lake: NonNullable<MetricsServiceOptions['lake']>, counter: DeadLetterCounter): Promise<LakeFigures> {
  const [deadLetters, model] = await Promise.all([
    counter.count().catch(() => NO_LAKE.deadLetters), // an unreachable bucket shows as unknown, not as a failed page
    readModelStatus(lake.s3, lake.bucket),
  ])
  return { deadLetters, model }
}
