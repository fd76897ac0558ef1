import { DuckDBInstance } from '@duckdb/node-api'
import type { StreamValue } from './adEvents.js'

/**
 * Runs batch SQL over the same events in DuckDB: `bcns` holds each (type, tx_id) once, and
 * `bids`, `impressions`, `clicks` are its views. Numbers come back as JS numbers.
 */
export async function duckdbReference(values: readonly StreamValue[], sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' })
  const connection = await instance.connect()
  try {
    await connection.run(
      'CREATE TABLE raw (type VARCHAR, tx_id VARCHAR, ts BIGINT, app_uid VARCHAR, campaign_item_id BIGINT, domain VARCHAR, win_price BIGINT)',
    )
    const appender = await connection.createAppender('raw')
    for (const v of values) {
      if (v.type === 'heartbeat') continue
      const text = (k: string) => (typeof v[k] === 'string' ? appender.appendVarchar(v[k]) : appender.appendNull())
      const int = (k: string) => (typeof v[k] === 'number' ? appender.appendBigInt(BigInt(v[k])) : appender.appendNull())
      text('type')
      text('tx_id')
      int('ts')
      text('app_uid')
      int('campaign_item_id')
      text('domain')
      int('win_price')
      appender.endRow()
    }
    appender.closeSync()
    await connection.run('CREATE VIEW bcns AS SELECT DISTINCT ON (type, tx_id) * FROM raw')
    await connection.run("CREATE VIEW bids AS SELECT * FROM bcns WHERE type = 'bid'")
    await connection.run("CREATE VIEW impressions AS SELECT tx_id, ts, win_price FROM bcns WHERE type = 'imp'")
    await connection.run("CREATE VIEW clicks AS SELECT tx_id, ts FROM bcns WHERE type = 'click'")
    const reader = await connection.runAndReadAll(sql)
    return reader
      .getRowObjectsJson()
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])))
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
