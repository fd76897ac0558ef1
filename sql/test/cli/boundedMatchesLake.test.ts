// `npm run sql -- --bounded` against a real local platform gives the table DuckDB computes from the
// same events in the platform's lake (parquet_bcns, each (type, tx_id) once): a LEFT OUTER join, and
// a window Top-N over it, each stream answer checked against the lake's batch answer.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { FilePartitionCatalog, openLocalLake, type LocalLake } from '@sdp/catalog/lake'
import { startSdpPlatform } from '@sdp/infra'
import { runSqlCli } from '../../cli/src/runSqlCli.js'

/** The lake's layout under a data directory, as `npm run query` reads it. */
const lakeOf = (dir: string) => openLocalLake({ s3Directory: join(dir, 's3'), bucket: 'sdp-lake', catalog: new FilePartitionCatalog(join(dir, 'catalog')) })

/** Rows of a lake query as objects; BIGINT and HUGEINT arrive as strings. */
async function lakeRows(lake: LocalLake, sql: string): Promise<Array<Record<string, unknown>>> {
  const { columns, rows } = await lake.query(sql)
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, typeof r[i] === 'string' && /^-?\d+$/.test(r[i]) ? Number(r[i]) : r[i]])))
}

/** Polls the lake until it holds `count` of our events: the lake sink writes them a few Lambda windows after they arrive. */
async function lakeHolding(dir: string, count: number): Promise<LocalLake> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const lake = await lakeOf(dir)
    const [row] = await lakeRows(lake, "SELECT COUNT(*) AS n FROM parquet_bcns WHERE tx_id LIKE 'lake-%'")
    if (row?.n === count) return lake
    await lake.close()
    if (Date.now() > deadline) throw new Error(`the lake holds ${String(row?.n)} of ${count} events after 120 s`)
    await sleep(250)
  }
}

async function bounded(kinesis: string, query: string): Promise<unknown[]> {
  let stdout = ''
  let stderr = ''
  const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s) }
  const code = await runSqlCli(['--bounded', '--idle', '1', '--format', 'json', '--url', kinesis, query], {}, io, { pollMs: 50 })
  if (code !== 0 || stderr !== '') throw new Error(`sql exited ${code}: ${stderr}`)
  return JSON.parse(stdout) as unknown[]
}

const byJson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).sort()
const iso = (ms: unknown) => new Date(ms as number).toISOString()

t.test('--bounded answers what DuckDB answers over the lake', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-sql-lake-'))
  const platform = await startSdpPlatform({ port: 0, dataDir: dir, windowSeconds: 1, heartbeatIntervalMs: 300, pollIntervalMs: 100, compactionIntervalMs: 0 })
  t.teardown(async () => {
    await platform.close()
    await rm(dir, { recursive: true, force: true })
  })
  // From now on (ingest takes up to 5 minutes ahead): the platform's heartbeats carry wall-clock
  // time, and an event behind the watermark is late for an interval join, as in Flink.
  const start = Date.now()
  // 18 bids over two minutes and three campaigns; every third never wins, every fifth wins too late (after 30 s).
  const events: Array<Record<string, unknown>> = []
  for (let i = 0; i < 18; i++) {
    const tx_id = `lake-${i}`
    const ts = start + i * 7_000
    events.push({ type: 'bid', tx_id, app_uid: `u${i}`, campaign_item_id: 1 + ((i * i) % 3), domain: 'a.com', ts })
    if (i % 3 !== 0) events.push({ type: 'imp', tx_id, win_price: 1 + i, ts: ts + (i % 5 === 0 ? 45_000 : 2_000 + i * 100) })
  }
  // In event-time order, so nothing is behind the watermark; sent twice: the same (type, tx_id) counts once, in the stream's job as in the lake.
  events.sort((a, b) => (a.ts as number) - (b.ts as number))
  for (let i = 0; i < 2; i++) {
    const answer = await fetch(`${platform.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) })
    t.equal(answer.status, 200)
  }
  const lake = await lakeHolding(dir, events.length)
  t.teardown(() => lake.close())
  const FROM_LAKE = `WITH bids AS (SELECT * FROM parquet_bcns WHERE type = 'bid' AND tx_id LIKE 'lake-%'),
                         impressions AS (SELECT * FROM parquet_bcns WHERE type = 'imp' AND tx_id LIKE 'lake-%')`

  const kinesis = platform.services.endpoints.kinesis
  const won = await bounded(
    kinesis,
    `SELECT b.campaign_item_id, TUMBLE_START(b.ts, INTERVAL '1' MINUTE) AS minute_start, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price) AS spend
     FROM bids b LEFT OUTER JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '30' SECOND
     GROUP BY TUMBLE(b.ts, INTERVAL '1' MINUTE), b.campaign_item_id`,
  )
  const wonInLake = await lakeRows(
    lake,
    `${FROM_LAKE}
     SELECT b.campaign_item_id, (b.ts // 60000) * 60000 AS minute_start, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price)::DOUBLE AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 30000 GROUP BY ALL`,
  )
  t.ok(won.length >= 4, 'rows of several campaigns and minutes')
  t.same(byJson(won), byJson(wonInLake.map((r) => ({ ...r, minute_start: iso(r.minute_start) }))))

  // The campaign with the most wins per minute; ties go to the lower campaign (the inner SELECT's column order).
  const top = await bounded(
    kinesis,
    `SELECT * FROM (
       SELECT window_start, campaign_item_id, wins, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY wins DESC) AS n
       FROM (SELECT TUMBLE_START(b.ts, INTERVAL '1' MINUTE) AS window_start, TUMBLE_END(b.ts, INTERVAL '1' MINUTE) AS window_end, b.campaign_item_id, COUNT(i.tx_id) AS wins
             FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '30' SECOND
             GROUP BY TUMBLE(b.ts, INTERVAL '1' MINUTE), b.campaign_item_id))
     WHERE n <= 1`,
  )
  const topInLake = await lakeRows(
    lake,
    `${FROM_LAKE}
     SELECT * FROM (
       SELECT window_start, campaign_item_id, wins, ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY wins DESC, campaign_item_id NULLS FIRST) AS n
       FROM (SELECT (b.ts // 60000) * 60000 AS window_start, b.campaign_item_id, COUNT(i.tx_id) AS wins
             FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 30000 GROUP BY ALL))
     WHERE n <= 1`,
  )
  t.ok(top.length >= 2, 'a row per minute')
  t.same(byJson(top), byJson(topInLake.map((r) => ({ ...r, window_start: iso(r.window_start) }))))
})
