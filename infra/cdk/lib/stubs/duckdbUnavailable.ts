/**
 * Stand-in for `@duckdb/node-api` in the bundles of pure-JS functions. `@sdp/catalog` re-exports
 * its local DuckDB query front from its index, so every function that imports the catalog would
 * otherwise carry an import of DuckDB's native build, and fail to load on Lambda where that build
 * is not deployed. No deployed code path calls DuckDB; if one ever does, it fails with this message.
 */
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- stands in for DuckDB's class of the same shape
export class DuckDBInstance {
  static create(): never {
    throw new Error('DuckDB is not deployed with this Lambda function: set usesDuckDb on its HandlerFunction')
  }
}
