import { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { LOCAL_CREDENTIALS, LOCAL_REGION, PLATFORM_DEFAULTS } from '@sdp/infra'
import { oneOf, runCommand, UsageError, type CliIo, type CommandSpec } from '@sdp/infra/cli'
import { QueryRun, SqlError, compileQuery, explain, readStream, type CompiledQuery, type SqlRow } from '@sdp/sql'
import { formatLiveRow, formatRows, type RowFormat } from './formatRows.js'
import { platformEndpoint } from './platformEndpoint.js'

const OPTIONS = {
  explain: { type: 'boolean' },
  bounded: { type: 'boolean' },
  from: { type: 'string' },
  idle: { type: 'string' },
  url: { type: 'string' },
  stream: { type: 'string' },
  format: { type: 'string' },
} as const

/** `npm run sql`: its options and help text. */
export const SQL_COMMAND = {
  name: 'sql',
  options: OPTIONS,
  allowPositionals: true,
  usage: `Usage: npm run sql -- [options] "<Flink SQL>"

Runs a streaming query over the local platform's event stream (tables bcns, bids, impressions,
clicks; ts is event time). Live (the default): prints each window's rows as the watermark closes
it, until Ctrl-C. Bounded: reads the stream from the start of retention, stops once no event has
arrived for --idle seconds, closes every window and prints the final table.

  --explain          print the query plan and exit (no platform needed)
  --bounded          read to the end of the stream, print the final table, exit
  --from <time>      start at this instant (ISO 8601 or epoch ms)   [default: start of retention]
  --idle <seconds>   bounded: the stream is at its end after this long without events [default 5]
  --url <endpoint>   a Kinesis endpoint (http://127.0.0.1:<port>)   [default: the platform's, from SDP_DATA_DIR]
  --stream <name>    the stream                                      [default sdp-events]
  --format <f>       table, csv or json (live: one line per row)      [default table]
  -h, --help         this text

Environment:
  SDP_DATA_DIR       the running platform's data directory, where it records its endpoints [default ./.sdp-data]

Exit codes: 0 done, 1 the query was refused or no platform could be read, 2 bad arguments.

Example:
  npm run sql -- --bounded "SELECT campaign_item_id, window_start, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, campaign_item_id"
`,
} as const satisfies CommandSpec<typeof OPTIONS>

/** Extra knobs for tests: the poll interval, and a signal that stops a live run as Ctrl-C does. */
export interface SqlCliOptions {
  readonly pollMs?: number
  readonly signal?: AbortSignal
}

function parseFrom(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw)
  if (!Number.isFinite(ms)) throw new UsageError(`--from must be an ISO 8601 time or epoch milliseconds, got '${raw}'`)
  return ms
}

function parseIdle(raw: string | undefined): number {
  if (raw === undefined) return 5
  const seconds = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0) throw new UsageError(`--idle must be a positive number of seconds, got '${raw}'`)
  return seconds
}

/** Window bounds print as ISO instants, as Flink prints its TIMESTAMP(3) window columns. */
export function displayRow(query: CompiledQuery, row: SqlRow): SqlRow {
  const out: Record<string, SqlRow[string]> = { ...row }
  for (const { name, expr } of query.plan.select) {
    const v = row[name]
    if ((expr.kind === 'windowStart' || expr.kind === 'windowEnd') && typeof v === 'number') out[name] = new Date(v).toISOString()
  }
  return out
}

interface RunSettings {
  readonly query: CompiledQuery
  readonly kinesis: KinesisClient
  readonly stream: string
  readonly from: number | undefined
  readonly format: RowFormat
  readonly idleSeconds: number
  readonly bounded: boolean
  readonly pollMs: number | undefined
  readonly signal: AbortSignal | undefined
}

async function run(s: RunSettings, io: CliIo): Promise<void> {
  const queryRun = new QueryRun(s.query)
  let stop = false
  const onSigint = () => (stop = true)
  process.once('SIGINT', onSigint)
  try {
    await readStream({
      kinesis: s.kinesis,
      streamName: s.stream,
      ...(s.from === undefined ? {} : { from: s.from }),
      ...(s.pollMs === undefined ? {} : { pollMs: s.pollMs }),
      onBatch: (shardId, records) => queryRun.add(shardId, records),
      onRound: (idleMs) => {
        if (!s.bounded) for (const row of queryRun.takeFired(5_000)) io.stdout(formatLiveRow(s.format, s.query.columns, displayRow(s.query, row)))
        return !stop && s.signal?.aborted !== true && !(s.bounded && idleMs >= s.idleSeconds * 1000)
      },
    })
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
  if (s.bounded) {
    queryRun.finish()
    if (queryRun.late > 0) io.stderr(`sql: ${queryRun.late} events came after their windows' allowed lateness and are not counted\n`)
    io.stdout(
      formatRows(
        s.format,
        s.query.columns,
        queryRun.rows().map((r) => displayRow(s.query, r)),
      ),
    )
  }
}

/**
 * `npm run sql -- [options] "<Flink SQL>"`: compiles the query (refusals name line:column), then
 * prints its plan (`--explain`), its final table over the stream (`--bounded`) or its rows as
 * windows fire (live).
 *
 * @returns the exit code: 0, 1 for a refused query or no platform to read, 2 for usage
 */
export async function runSqlCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  options: SqlCliOptions = {},
): Promise<number> {
  return runCommand(
    SQL_COMMAND,
    args,
    async ({ values, positionals }) => {
      const format = oneOf('--format', values.format, ['table', 'csv', 'json'] as const, 'table')
      const from = parseFrom(values.from)
      const idleSeconds = parseIdle(values.idle)
      const sql = positionals.join(' ').trim()
      if (sql === '') throw new UsageError('give the query as an argument')
      let query: CompiledQuery
      try {
        query = compileQuery(sql)
      } catch (error) {
        if (!(error instanceof SqlError)) throw error
        io.stderr(`sql: ${error.message}\n`)
        return 1
      }
      if (values.explain === true) {
        io.stdout(explain(query.plan))
        return 0
      }
      const endpoint = await platformEndpoint(env.SDP_DATA_DIR ?? PLATFORM_DEFAULTS.dataDir, values.url)
      if (!endpoint.ok) {
        io.stderr(`sql: ${endpoint.message}\n`)
        return 1
      }
      const kinesis = new KinesisClient({
        region: LOCAL_REGION,
        credentials: { ...LOCAL_CREDENTIALS },
        endpoint: endpoint.endpoint,
        requestHandler: new NodeHttpHandler(),
      })
      try {
        const settings = { query, kinesis, stream: values.stream ?? PLATFORM_DEFAULTS.streamName, from, format, idleSeconds, bounded: values.bounded === true }
        await run({ ...settings, pollMs: options.pollMs, signal: options.signal }, io)
        return 0
      } catch (error) {
        io.stderr(`sql: cannot read the stream at ${endpoint.endpoint}: ${(error as Error).message}\n`)
        return 1
      } finally {
        kinesis.destroy()
      }
    },
    io,
  )
}
