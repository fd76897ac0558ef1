// Lake benchmarks: the same DuckDB query over one partition of many small Parquet files (what the
// lake sink leaves behind) and over the compacted result, and compaction throughput.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LAKE_TABLES, lakeObjectKey, partitionStart, toLakeRow, type LakeRow } from '@sdp/catalog'
import { encodeParquet, FilePartitionCatalog, openLocalLake } from '@sdp/catalog/lake'
import { compactPartition, FileLease, S3LakeStore } from '@sdp/compaction'
import { startS3 } from '../../../test-support/localServices.js'
import { median } from '../harness/measure.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'

const PARTITION = { dt: '2026-11-28', hour: '02' }
const QUERY = `select type, count(*) as events, count(distinct campaign_item_id) as campaigns, round(sum(win_price), 4) as spend
  from parquet_bcns where dt = '${PARTITION.dt}' and hour = '${PARTITION.hour}' group by type order by type`

/** `rows` events of one small flush: bids, impressions and clicks of one partition. */
function flush(file: number, rows: number): LakeRow[] {
  const table = LAKE_TABLES.parquet_bcns
  const start = partitionStart(PARTITION)
  return Array.from({ length: rows }, (_, i) => {
    const n = file * rows + i
    const ts = start + ((n * 997) % 3_600_000)
    const kind = n % 10
    const event =
      kind < 5
        ? {
            type: 'bid',
            tx_id: `tx-${n}-4f7c-8443-9d2a1e725473`,
            app_uid: `app-${n % 997}`,
            campaign_item_id: 1_000_000 + (n % 500),
            domain: 'www.google.com',
            creative_id: `c-${n % 50}`,
            creative_category: 'cat',
            win_price: (n % 300) / 10,
            ts,
          }
        : kind < 8
          ? { type: 'imp', tx_id: `tx-${n}-4f7c-8443-9d2a1e725473`, win_price: n % 40, ts }
          : { type: 'click', tx_id: `tx-${n}-4f7c-8443-9d2a1e725473`, ts }
    return toLakeRow(table, event)
  })
}

/** Median milliseconds of `runs` executions of the query (after one unrecorded warm-up run). */
async function timeQuery(lake: Awaited<ReturnType<typeof openLocalLake>>, runs: number): Promise<{ ms: number; rows: unknown }> {
  const result = await lake.query(QUERY)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await lake.query(QUERY)
    times.push(performance.now() - t0)
  }
  return { ms: median(times), rows: result.rows }
}

export const lakeSuite: BenchmarkSuite = {
  name: 'lake',
  async run({ quick }) {
    const files = quick ? 100 : 2_000
    const rowsPerFile = 50
    const runs = quick ? 3 : 7
    const s3 = await startS3()
    const root = await mkdtemp(join(tmpdir(), 'sdp-bench-lake-'))
    try {
      const table = LAKE_TABLES.parquet_bcns
      const store = new S3LakeStore(s3.s3, s3.bucket)
      const catalog = new FilePartitionCatalog(join(root, 'catalog'))
      for (let f = 0; f < files; f += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, files - f) }, (_, i) =>
            store.put(lakeObjectKey(table, PARTITION, `shardId-000000000000-${f + i}-${f + i}`), encodeParquet(table, flush(f + i, rowsPerFile))),
          ),
        )
      }
      const open = () => openLocalLake({ s3Directory: s3.directory, bucket: s3.bucket, catalog, tables: [table] })

      const small = await open()
      const before = await timeQuery(small, runs)
      await small.close()

      const t0 = performance.now()
      const report = await compactPartition(
        { store, catalog, lease: new FileLease(join(root, 'leases')), now: () => Date.parse('2026-11-28T12:00:00Z') },
        table,
        PARTITION,
      )
      const compactMs = performance.now() - t0

      const big = await open()
      const after = await timeQuery(big, runs)
      await big.close()
      if (JSON.stringify(before.rows) !== JSON.stringify(after.rows)) throw new Error('the compacted partition answers differently')

      const speedup = before.ms / after.ms
      const mbPerSecond = report.bytesIn / 2 ** 20 / (compactMs / 1000)
      return [
        {
          name: 'lake-compaction',
          description: `one query over one partition of ${files} small Parquet files (${files * rowsPerFile} rows) vs. its compacted files; compaction throughput`,
          metrics: {
            smallFiles: files,
            rows: files * rowsPerFile,
            querySmallFilesMs: Number(before.ms.toFixed(2)),
            queryCompactedMs: Number(after.ms.toFixed(2)),
            speedupX: Number(speedup.toFixed(1)),
            compactionMBPerSecond: Number(mbPerSecond.toFixed(2)),
            compactionSeconds: Number((compactMs / 1000).toFixed(2)),
            bytesIn: report.bytesIn,
            bytesOut: report.bytesOut,
            filesOut: report.filesOut,
          },
          targets: [target('speedupX', speedup, '>=', 10)],
          details: { query: QUERY, result: before.rows, writer: 'hyparquet-writer (catalog encodeParquet)', reader: 'DuckDB views (openLocalLake)' },
        },
      ]
    } finally {
      await s3.close()
      await rm(root, { recursive: true, force: true })
    }
  },
}
