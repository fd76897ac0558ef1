import type { GlueClient } from '@aws-sdk/client-glue'
import type { S3Client } from '@aws-sdk/client-s3'
import { GluePartitionCatalog } from '../catalog/GluePartitionCatalog.js'
import type { CompactionSettings } from '../config.js'
import { S3Lease } from '../lease/S3Lease.js'
import { S3LakeStore } from '@sdp/catalog/lake'
import { createTelemetry, type Telemetry } from '@sdp/service-kit'
import { reportCompaction } from './reportCompaction.js'
import { runCompaction } from './runCompaction.js'
import type { CompactionRunReport } from './types.js'

/** Clients and settings of the compaction Lambda. */
export interface CompactionHandlerDependencies {
  readonly s3: Pick<S3Client, 'send'>
  readonly glue: Pick<GlueClient, 'send'>
  readonly bucket: string
  /** The Glue database of the lake tables. */
  readonly database: string
  readonly settings: CompactionSettings
  /** Where the run's line and metrics go. @default JSON and EMF on stdout, service `compaction` */
  readonly telemetry?: Telemetry
}

/**
 * The scheduled compaction function on AWS: S3 store, S3 conditional-write leases, and the Glue
 * catalog (manifests created exclusively, partition locations swapped by `UpdatePartition`).
 * Reports the run's totals as a log line and CloudWatch metrics, and returns them.
 */
export function createCompactionHandler(deps: CompactionHandlerDependencies) {
  const store = new S3LakeStore(deps.s3, deps.bucket)
  const catalog = new GluePartitionCatalog({ glue: deps.glue, s3: deps.s3, store, bucket: deps.bucket, database: deps.database })
  const lease = new S3Lease(deps.s3, deps.bucket)
  const telemetry = deps.telemetry ?? createTelemetry({ serviceName: 'compaction' })
  return async function compact(): Promise<CompactionRunReport['totals'] & { mbPerSecond: number }> {
    const report = await runCompaction({ store, catalog, lease, ...deps.settings })
    reportCompaction(telemetry, report)
    return { ...report.totals, mbPerSecond: report.mbPerSecond }
  }
}
