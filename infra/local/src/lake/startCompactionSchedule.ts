import type { S3Client } from '@aws-sdk/client-s3'
import { FilePartitionCatalog } from '@sdp/catalog/lake'
import { FileLease, runCompaction, S3LakeStore, type CompactionRunReport, type CompactionSettings } from '@sdp/compaction'
import { localLakePaths } from './localLakePaths.js'

/** Options of {@link startCompactionSchedule}. */
export interface CompactionScheduleOptions {
  /** The platform's s3rver client. */
  readonly s3: Pick<S3Client, 'send'>
  /** The platform's data directory (catalog and leases live under it). */
  readonly dataDir: string
  /** @default 300000 (5 minutes) */
  readonly intervalMs?: number
  /** @default grace 5 min, delete delay 1 min, lease 10 min, target 128 MiB, lookback 72 h */
  readonly settings?: Partial<CompactionSettings>
  readonly onReport?: (report: CompactionRunReport) => void
  readonly onError?: (error: unknown) => void
}

/**
 * Compaction on a timer inside the local platform (the EventBridge schedule of AWS): every
 * `intervalMs` one `runCompaction` over the platform's bucket, file catalog and file leases — the
 * same ones `npm run compact` uses, so the two never compact one partition at once. Runs never
 * overlap. `stop()` waits for a running pass.
 */
export function startCompactionSchedule(options: CompactionScheduleOptions): { stop(): Promise<void> } {
  const paths = localLakePaths({ SDP_DATA_DIR: options.dataDir })
  const store = new S3LakeStore(options.s3, paths.bucket)
  const catalog = new FilePartitionCatalog(paths.catalogDirectory)
  const lease = new FileLease(paths.leaseDirectory)
  const settings = { graceMs: 300_000, deleteDelayMs: 60_000, leaseTtlMs: 600_000, ...options.settings }
  let running: Promise<void> | undefined
  const tick = () => {
    running ??= runCompaction({ store, catalog, lease, ...settings })
      .then((report) => options.onReport?.(report))
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (running = undefined))
  }
  const timer = setInterval(tick, options.intervalMs ?? 300_000)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
