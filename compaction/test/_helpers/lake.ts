import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LAKE_TABLES, lakeObjectKey, partitionStart, toLakeRow, type LakePartition, type LakeRow, type LakeTable } from '@sdp/catalog'
import { encodeParquet, FilePartitionCatalog, openLocalLake, S3LakeStore } from '@sdp/catalog/lake'
import { startS3 } from '../../../test-support/localServices.js'
import { FileLease } from '../../src/lease/FileLease.js'
import type { CompactionOptions } from '../../src/compact/types.js'

/** A lake on a real s3rver with a file catalog, file leases and a settable clock. */
export async function startLake() {
  const s3 = await startS3()
  const root = await mkdtemp(join(tmpdir(), 'sdp-compaction-'))
  const clock = { now: Date.parse('2026-11-28T12:00:00Z') }
  const store = new S3LakeStore(s3.s3, s3.bucket)
  const catalog = new FilePartitionCatalog(join(root, 'catalog'))
  const lease = new FileLease(join(root, 'leases'), () => clock.now)
  const options = (extra: Partial<CompactionOptions> = {}): CompactionOptions => ({
    store,
    catalog,
    lease,
    now: () => clock.now,
    deleteDelayMs: 60_000,
    graceMs: 30 * 60_000,
    ...extra,
  })
  /** Count and content checksum of what DuckDB sees, through the lake views. */
  const checksum = async (table: LakeTable, where = 'true', distinct = false) => {
    const lake = await openLocalLake({ s3Directory: s3.directory, bucket: s3.bucket, catalog, tables: [table] })
    try {
      const cols = table.columns.map((c) => `"${c.name}"`).join(', ')
      const source = distinct ? `(select distinct * from "${table.name}" where ${where})` : `(select * from "${table.name}" where ${where})`
      const { rows } = await lake.query(`select count(*)::BIGINT as n, coalesce(sum(hash(${cols})), 0)::VARCHAR as h from ${source}`)
      const [n, h] = rows[0] as [string, string]
      return { rows: Number(n), hash: h }
    } finally {
      await lake.close()
    }
  }
  return {
    s3,
    store,
    catalog,
    lease,
    clock,
    options,
    checksum,
    async close() {
      await s3.close()
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** Distinct bid/impression/click events inside a partition's hour, `count` of them from `from`. */
export function events(partition: LakePartition, from: number, count: number): LakeRow[] {
  const start = partitionStart(partition)
  const table = LAKE_TABLES.parquet_bcns
  return Array.from({ length: count }, (_, i) => {
    const n = from + i
    const type = (['bid', 'imp', 'click'] as const)[n % 3] as string
    const base = { type, tx_id: `tx-${n}`, ts: start + ((n * 7919) % 3_600_000) }
    const event =
      type === 'bid'
        ? {
            ...base,
            app_uid: `app-${n % 13}`,
            campaign_item_id: 1000 + (n % 5),
            domain: n % 2 ? 'example.com' : undefined,
            win_price: n % 4 ? n / 8 : undefined,
          }
        : type === 'imp'
          ? { ...base, win_price: n % 100 }
          : base
    return toLakeRow(table, event)
  })
}

/** Writes `rows` as one live object of the partition, named `name`. */
export async function writeLive(store: S3LakeStore, table: LakeTable, partition: LakePartition, name: string, rows: readonly LakeRow[]) {
  await store.put(lakeObjectKey(table, partition, name), encodeParquet(table, rows))
}
