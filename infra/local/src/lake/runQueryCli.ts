import { FilePartitionCatalog, openLocalLake } from '@sdp/catalog'
import { formatTable } from './formatTable.js'
import { localLakePaths } from './localLakePaths.js'

/** Where a CLI writes. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

/**
 * `npm run query -- "<SQL>"`: runs the SQL with DuckDB over the eight lake tables of
 * `SDP_DATA_DIR` (views over s3rver's files and the partition catalog — the platform need not
 * run) and prints the result table on stdout and nothing else. An empty table answers 0 rows.
 *
 * @returns the exit code: 0, 1 for an error of the query (DuckDB's message on stderr), 2 for usage
 */
export async function runQueryCli(args: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  const sql = args.join(' ').trim()
  if (sql === '') {
    io.stderr('usage: npm run query -- "<SQL>"   (tables: raw_bcns, parquet_bcns, raw_impressions, parquet_impressions, raw_clicks, parquet_clicks, raw_aggregates, parquet_aggregates)\n')
    return 2
  }
  const paths = localLakePaths(env)
  const lake = await openLocalLake({ s3Directory: paths.s3Directory, bucket: paths.bucket, catalog: new FilePartitionCatalog(paths.catalogDirectory) })
  try {
    io.stdout(formatTable(await lake.query(sql)))
    return 0
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`)
    return 1
  } finally {
    await lake.close()
  }
}
