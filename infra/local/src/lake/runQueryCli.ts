import { FilePartitionCatalog, openLocalLake, type QueryResult } from '@sdp/catalog/lake'
import { oneOf, runCommand, type CliIo, type CommandSpec } from '../../../cli/src/index.js'
import { formatCsv } from './formatCsv.js'
import { formatJson } from './formatJson.js'
import { formatTable } from './formatTable.js'
import { localLakePaths } from './localLakePaths.js'
import { LAKE_TABLES } from '@sdp/catalog'
import { localJobTables } from '../jobs/localJobTables.js'

export type { CliIo } from '../../../cli/src/index.js'

const FORMATS = { table: formatTable, csv: formatCsv, json: formatJson } as const satisfies Record<string, (r: QueryResult) => string>
const FORMAT_NAMES = Object.keys(FORMATS) as Array<keyof typeof FORMATS>

/** `npm run query`: its options and help text. */
export const QUERY_COMMAND = {
  name: 'query',
  options: { format: { type: 'string' } },
  allowPositionals: true,
  usage: `Usage: npm run query -- [--format table|csv|json] "<SQL>"

Runs the SQL with DuckDB over the local lake (the platform need not run) and prints the result on
stdout and nothing else; DuckDB's message goes to stderr. Tables: raw_bcns, parquet_bcns,
raw_impressions, parquet_impressions, raw_clicks, parquet_clicks, raw_aggregates, parquet_aggregates,
and parquet_job_<name> for each user job that has results (name lower-cased, '-' as '_').

  --format <f>   table: a box-drawn table; csv: RFC 4180 with a header row;
                 json: an array of objects keyed by column name          [default table]
  -h, --help     this text

Environment:
  SDP_DATA_DIR   the platform's data directory                      [default ./.sdp-data]

Exit codes: 0 done, 1 the query failed, 2 bad arguments.

Example:
  npm run query -- --format csv "select campaign_item_id, count(*) as bids from parquet_bcns group by 1"
`,
} as const satisfies CommandSpec<{ format: { type: 'string' } }>

/**
 * `npm run query -- [--format table|csv|json] "<SQL>"`: runs the SQL with DuckDB over the eight
 * lake tables of `SDP_DATA_DIR` and the tables of the user jobs found there (views over s3rver's files and the partition catalog — the
 * platform need not run) and prints the result on stdout and nothing else. An empty table answers
 * 0 rows.
 *
 * @returns the exit code: 0, 1 for an error of the query (DuckDB's message on stderr), 2 for usage
 */
export async function runQueryCli(args: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  return runCommand(
    QUERY_COMMAND,
    args,
    async ({ values, positionals }) => {
      const format = FORMATS[oneOf('--format', values.format, FORMAT_NAMES, 'table')]
      const sql = positionals.join(' ').trim()
      if (sql === '') {
        io.stderr(QUERY_COMMAND.usage)
        return 2
      }
      const paths = localLakePaths(env)
      const tables = [...Object.values(LAKE_TABLES), ...(await localJobTables(paths))]
      const lake = await openLocalLake({
        s3Directory: paths.s3Directory,
        bucket: paths.bucket,
        catalog: new FilePartitionCatalog(paths.catalogDirectory),
        tables,
      })
      try {
        io.stdout(format(await lake.query(sql)))
        return 0
      } catch (error) {
        io.stderr(`${(error as Error).message}\n`)
        return 1
      } finally {
        await lake.close()
      }
    },
    io,
  )
}
