// The chaos suite's checks after the load: the model's example count, read from the lake while
// the platform still trains, and, once it has stopped, compaction through failing S3 and the
// parquet_* tables counted with DuckDB.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LAKE_TABLES } from '@sdp/catalog'
import { FilePartitionCatalog, openLocalLake, S3LakeStore } from '@sdp/catalog/lake'
import { FileLease, runCompaction } from '@sdp/compaction'
import { startLocalServices, type FaultSpec } from '@sdp/infra'

const BUCKET = 'sdp-lake'
const s3Directory = (dataDir: string) => join(dataDir, 's3')
const catalogDirectory = (dataDir: string) => join(dataDir, 'catalog')

/** An object of the local lake as s3rver stores it (`<dataDir>/s3/<bucket>/<key>._S3rver_object`). */
async function lakeJson<T>(dataDir: string, key: string): Promise<T> {
  return JSON.parse(await readFile(join(s3Directory(dataDir), BUCKET, `${key}._S3rver_object`), 'utf8')) as T
}

/** Examples the latest published bid-win model was trained on (held-out ones included), 0 before the first. */
export async function modelExamples(dataDir: string): Promise<number> {
  try {
    const latest = await lakeJson<{ key: string }>(dataDir, 'models/bid-win/latest.json')
    const version = await lakeJson<{ metrics?: { examples?: number }; heldOut?: { examples?: number } }>(dataDir, latest.key)
    return (version.metrics?.examples ?? 0) + (version.heldOut?.examples ?? 0)
  } catch {
    return 0 // none yet, or caught mid-write: the next poll reads it
  }
}

/** Polls {@link modelExamples} until it reaches `bids` or `timeoutMs` passes; returns the last count. */
export async function untilModelTrained(dataDir: string, bids: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const examples = await modelExamples(dataDir)
    if (examples >= bids || performance.now() > deadline) return examples
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** A parquet table after compaction: its rows and how many of them repeat an identity. */
export interface TableCount {
  readonly rows: number
  readonly duplicates: number
}

/** What {@link compactAndCount} found. */
export interface LakeCounts {
  /** Passes until one compacted something (a pass the faults broke is retried, as the schedule would). */
  readonly compactionPasses: number
  readonly compactionFailures: number
  readonly tables: Readonly<Record<string, TableCount>>
  /** parquet_bcns rows per event type. */
  readonly bcnsByType: Readonly<Record<string, number>>
}

/**
 * With the platform stopped: starts the local services on `dataDir` with `faults`, compacts every
 * partition (hours treated as closed) through the failing S3 until a pass completes, then counts
 * each parquet_* table and its repeated identities.
 */
export async function compactAndCount(dataDir: string, faults: FaultSpec): Promise<LakeCounts> {
  const services = await startLocalServices({ dataDir, faults })
  const catalog = new FilePartitionCatalog(catalogDirectory(dataDir))
  let compactionPasses = 0
  let compactionFailures = 0
  try {
    for (;;) {
      compactionPasses++
      try {
        const report = await runCompaction({
          store: new S3LakeStore(services.s3, BUCKET),
          catalog,
          lease: new FileLease(join(dataDir, 'leases')),
          graceMs: 0,
          deleteDelayMs: 0,
          leaseTtlMs: 60_000,
          now: () => Date.now() + 2 * 3_600_000,
        })
        if (report.totals.compacted > 0 || compactionPasses > 20) break
      } catch {
        compactionFailures++
        if (compactionPasses > 20) break
      }
    }
  } finally {
    await services.close()
  }
  const lake = await openLocalLake({ s3Directory: s3Directory(dataDir), bucket: BUCKET, catalog })
  try {
    const tables: Record<string, TableCount> = {}
    for (const table of Object.values(LAKE_TABLES).filter((x) => x.format === 'parquet')) {
      const row = (await lake.query(`select count(*), count(*) - count(distinct (${table.identity.join(', ')})) from ${table.name}`)).rows[0] ?? []
      tables[table.name] = { rows: Number(row[0]), duplicates: Number(row[1]) }
    }
    const bcnsByType: Record<string, number> = {}
    for (const [type, n] of (await lake.query('select type, count(distinct tx_id) from parquet_bcns group by type')).rows) bcnsByType[String(type)] = Number(n)
    return { compactionPasses, compactionFailures, tables, bcnsByType }
  } finally {
    await lake.close()
  }
}
