import type { LakeTable } from '../lake/LakeTable.js'
import { LAKE_TABLES } from '../lake/tables.js'
import { lakeViewSql } from './lakeViewSql.js'
import { localLakeFiles, type LocalLakeLocation } from './localLakeFiles.js'
import type { QueryResult, QueryRunner } from './QueryRunner.js'

/** Options of {@link openLocalLake}. */
export interface LocalLakeOptions extends LocalLakeLocation {
  /** The tables to define. @default the eight of `LAKE_TABLES` */
  readonly tables?: readonly LakeTable[]
}

/** A DuckDB session over the local lake, with one view per lake table. */
export interface LocalLake extends QueryRunner {
  /** Files behind each view when it was (re)defined. */
  readonly files: Readonly<Record<string, number>>
  /** Redefines every view over the lake as it is now (new objects, a newer committed version). */
  refresh(): Promise<void>
}

/**
 * Opens an in-memory DuckDB (no extension is ever downloaded: `autoinstall_known_extensions` is
 * off; Parquet and JSON are built in) with the eight lake tables as views over the files of
 * s3rver's directory — only committed files (see `localLakeFiles`). The views are a snapshot:
 * call `refresh()` to see objects written since.
 *
 * @example
 * ```ts
 * const lake = await openLocalLake({ s3Directory: '.sdp-data/s3', catalog: new FilePartitionCatalog('.sdp-data/catalog') })
 * const { rows } = await lake.query('select count(*) from parquet_bcns')
 * await lake.close()
 * ```
 */
export async function openLocalLake(options: LocalLakeOptions): Promise<LocalLake> {
  // Loaded on first use: the catalog's other exports run in Lambdas that bundle no native DuckDB.
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '4' })
  const connection = await instance.connect()
  const tables = options.tables ?? Object.values(LAKE_TABLES)
  const files: Record<string, number> = {}
  const refresh = async () => {
    const now = Date.now()
    for (const table of tables) {
      const paths = await localLakeFiles(options, table, now)
      files[table.name] = paths.length
      await connection.run(lakeViewSql(table, paths))
    }
  }
  try {
    await refresh()
  } catch (error) {
    connection.closeSync()
    instance.closeSync()
    throw error
  }
  return {
    files,
    refresh,
    async query(sql: string): Promise<QueryResult> {
      const reader = await connection.runAndReadAll(sql)
      const names = reader.columnNames()
      const types = reader.columnTypes()
      return {
        columns: names.map((name, i) => ({ name, type: types[i]?.toString() ?? 'UNKNOWN' })),
        rows: reader.getRowsJson(),
      }
    },
    close() {
      connection.closeSync()
      instance.closeSync()
      return Promise.resolve()
    },
  }
}
