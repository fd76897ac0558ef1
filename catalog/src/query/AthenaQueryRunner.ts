import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena'
import { CatalogError } from '../errors.js'
import type { QueryResult, QueryRunner } from './QueryRunner.js'

/** Options of {@link AthenaQueryRunner}. */
export interface AthenaQueryRunnerOptions {
  readonly athena: Pick<AthenaClient, 'send'>
  /** The Glue database of the lake tables. */
  readonly database: string
  /** Athena workgroup. @default 'primary' */
  readonly workGroup?: string
  /** `s3://` prefix for query results, unless the workgroup sets one. */
  readonly outputLocation?: string
  /** Pause between status polls. @default 500 */
  readonly pollIntervalMs?: number
  /** Give up after this long. @default 300000 */
  readonly timeoutMs?: number
}

/** A query Athena did not finish successfully; the message is Athena's reason. */
export class AthenaQueryError extends CatalogError {
  override name = 'AthenaQueryError'
}

/**
 * The query front on AWS: runs SQL with Athena over the lake tables of the Glue database and
 * returns the whole result (every page). Athena reads the committed state of `parquet_*`
 * partitions through their Glue locations, and `raw_*` through partition projection.
 *
 * @example
 * ```ts
 * const runner = new AthenaQueryRunner({ athena: new AthenaClient({}), database: 'sdp_lake' })
 * const { rows } = await runner.query('select count(*) from parquet_bcns')
 * ```
 */
export class AthenaQueryRunner implements QueryRunner {
  constructor(private readonly options: AthenaQueryRunnerOptions) {}

  async query(sql: string): Promise<QueryResult> {
    const id = await this.start(sql)
    await this.untilSucceeded(id)
    return this.readResults(id)
  }

  /** Starts the query; returns its execution id. */
  private async start(sql: string): Promise<string> {
    const { athena, database, outputLocation } = this.options
    const started = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: database },
        WorkGroup: this.options.workGroup ?? 'primary',
        ...(outputLocation ? { ResultConfiguration: { OutputLocation: outputLocation } } : {}),
      }),
    )
    const id = started.QueryExecutionId
    if (id === undefined) throw new AthenaQueryError('Athena returned no query execution id')
    return id
  }

  /** Polls the query until it succeeds; throws Athena's reason when it fails or is cancelled, or when time runs out. */
  private async untilSucceeded(id: string): Promise<void> {
    const { athena } = this.options
    const deadline = Date.now() + (this.options.timeoutMs ?? 300_000)
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))
      const state = QueryExecution?.Status?.State
      if (state === 'SUCCEEDED') return
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw new AthenaQueryError(QueryExecution?.Status?.StateChangeReason ?? `query ${state.toLowerCase()}`)
      }
      if (Date.now() > deadline) throw new AthenaQueryError(`query ${id} did not finish in time`)
      await new Promise((r) => setTimeout(r, this.options.pollIntervalMs ?? 500))
    }
  }

  /** Every page of the result: the columns of the first page, and every row but the header row. */
  private async readResults(id: string): Promise<QueryResult> {
    const columns: { name: string; type: string }[] = []
    const rows: (string | null)[][] = []
    let token: string | undefined
    let first = true
    do {
      const page = await this.options.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }))
      if (first) {
        for (const c of page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []) columns.push({ name: c.Name ?? '', type: c.Type ?? '' })
      }
      const data = page.ResultSet?.Rows ?? []
      // The first row of the first page repeats the column names.
      for (const row of first ? data.slice(1) : data) rows.push((row.Data ?? []).map((d) => d.VarCharValue ?? null))
      first = false
      token = page.NextToken
    } while (token)
    return { columns, rows }
  }

  async close(): Promise<void> {}
}
