// Each supported query shape, compiled and run through the Lambda adapter over random streams,
// against DuckDB running the equivalent batch SQL over the same events.
import t from 'tap'
import fc from 'fast-check'
import { compileQuery, type CompileOptions, type SqlRow } from '../../src/index.js'
import { adEventsArb, type StreamValue } from '../_support/adEvents.js'
import { driveQuery } from '../_support/driveQuery.js'
import { duckdbReference } from '../_support/duckdbReference.js'

const sortedRows = (rows: ReadonlyArray<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r)).sort()

/** Property: the compiled query's rows equal DuckDB's for every generated stream and Lambda window size. */
async function matchesDuckdb(streaming: string, batch: string, numRuns = 25, options: CompileOptions & { replay?: boolean } = {}): Promise<void> {
  const { replay, ...compile } = options
  const query = compileQuery(streaming, compile)
  let compared = 0
  await fc.assert(
    fc.asyncProperty(adEventsArb, fc.integer({ min: 1, max: 60 }), async (values: StreamValue[], windowEvery) => {
      const got = driveQuery(query, values, windowEvery, { replay: replay === true })
      const want = await duckdbReference(values, batch)
      if (got.late !== 0) throw new Error(`${got.late} late events in a stream built to have none`)
      const a = sortedRows(got.rows)
      const b = sortedRows(want)
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`rows differ\nstreaming: ${a.join('\n')}\nduckdb:    ${b.join('\n')}`)
      compared += a.length
    }),
    { numRuns },
  )
  // The streams are not all empty answers: the property compared real rows.
  if (compared === 0) throw new Error(`no rows compared over ${numRuns} runs`)
}

t.test('TUMBLE: exact aggregates per campaign per minute, with WHERE and HAVING', async () => {
  await matchesDuckdb(
    `SELECT campaign_item_id, window_start, window_end, COUNT(*) AS bids, COUNT(domain) AS with_domain,
            COUNT(DISTINCT domain) AS domains, SUM(win_price) AS total, MIN(win_price) AS lo, MAX(win_price) AS hi, AVG(win_price) AS mean
     FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
     WHERE win_price * 2 >= 10 AND NOT (domain = 'c.com')  OR domain IS NULL
     GROUP BY window_start, window_end, campaign_item_id
     HAVING COUNT(*) > 1`,
    `SELECT campaign_item_id, (ts // 60000) * 60000 AS window_start, (ts // 60000) * 60000 + 60000 AS window_end, COUNT(*) AS bids,
            COUNT(domain) AS with_domain, COUNT(DISTINCT domain) AS domains, SUM(win_price)::DOUBLE AS total, MIN(win_price) AS lo,
            MAX(win_price) AS hi, AVG(win_price) AS mean
     FROM bids WHERE win_price * 2 >= 10 AND NOT (domain = 'c.com') OR domain IS NULL
     GROUP BY ALL HAVING COUNT(*) > 1`,
  )
})

t.test('HOP: events per type in windows of 30 s sliding every 10 s, from bcns (NULL win prices skipped)', async () => {
  await matchesDuckdb(
    `SELECT type, window_start, COUNT(*) AS n, SUM(win_price) AS total
     FROM TABLE(HOP(TABLE bcns, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '30' SECOND))
     GROUP BY window_start, window_end, type`,
    `SELECT type, ws AS window_start, COUNT(*) AS n, SUM(win_price)::DOUBLE AS total
     FROM bcns, generate_series((ts // 10000) * 10000 - 20000, (ts // 10000) * 10000, 10000) AS g(ws)
     GROUP BY ALL`,
  )
})

t.test('NULL is a group of its own: one key, and two keys', async () => {
  await matchesDuckdb(
    `SELECT domain, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, domain`,
    `SELECT domain, (ts // 60000) * 60000 AS window_start, COUNT(*) AS n FROM bids GROUP BY ALL`,
    15,
  )
  await matchesDuckdb(
    `SELECT campaign_item_id, domain, window_start, MAX(win_price) AS hi FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, campaign_item_id, domain`,
    `SELECT campaign_item_id, domain, (ts // 60000) * 60000 AS window_start, MAX(win_price) AS hi FROM bids GROUP BY ALL`,
    15,
  )
})

t.test('CUMULATE: bids per campaign in windows of a minute reported every 20 s as they grow', async () => {
  await matchesDuckdb(
    `SELECT campaign_item_id, window_start, window_end, COUNT(*) AS bids, SUM(win_price) AS total
     FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(ts), INTERVAL '20' SECOND, INTERVAL '1' MINUTE))
     GROUP BY window_start, window_end, campaign_item_id`,
    `SELECT campaign_item_id, (ts // 60000) * 60000 AS window_start, we AS window_end, COUNT(*) AS bids, SUM(win_price)::DOUBLE AS total
     FROM bids, generate_series((ts // 60000) * 60000 + ((ts % 60000) // 20000 + 1) * 20000, (ts // 60000) * 60000 + 60000, 20000) AS g(we)
     GROUP BY ALL`,
  )
})

t.test('legacy GROUP BY TUMBLE with no keys: one row per window', async () => {
  await matchesDuckdb(
    `SELECT TUMBLE_START(ts, INTERVAL '20' SECOND) AS s, TUMBLE_END(ts, INTERVAL '20' SECOND) AS e, COUNT(*) AS n, MAX(win_price) - MIN(win_price) AS spread
     FROM impressions GROUP BY TUMBLE(ts, INTERVAL '20' SECOND)`,
    `SELECT (ts // 20000) * 20000 AS s, (ts // 20000) * 20000 + 20000 AS e, COUNT(*) AS n, MAX(win_price) - MIN(win_price) AS spread
     FROM impressions GROUP BY ALL`,
  )
})

t.test('legacy GROUP BY HOP with HOP_START/HOP_END over a join: wins per domain', async () => {
  await matchesDuckdb(
    `SELECT b.domain, HOP_START(i.ts, INTERVAL '10' SECOND, INTERVAL '30' SECOND) AS s, HOP_END(i.ts, INTERVAL '10' SECOND, INTERVAL '30' SECOND) AS e,
            COUNT(*) AS wins, SUM(i.win_price) AS spend
     FROM bids AS b JOIN impressions AS i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '15' SECOND
     GROUP BY HOP(i.ts, INTERVAL '10' SECOND, INTERVAL '30' SECOND), b.domain`,
    `SELECT b.domain, ws AS s, ws + 30000 AS e, COUNT(*) AS wins, SUM(i.win_price)::DOUBLE AS spend
     FROM bids b JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 15000,
          generate_series((i.ts // 10000) * 10000 - 20000, (i.ts // 10000) * 10000, 10000) AS g(ws)
     GROUP BY ALL`,
    15,
  )
})

t.test('SESSION per transaction: events of a tx_id with gaps of at most 8 s', async () => {
  await matchesDuckdb(
    `SELECT tx_id, SESSION_START(ts, INTERVAL '8' SECOND) AS s, SESSION_END(ts, INTERVAL '8' SECOND) AS e, COUNT(*) AS n
     FROM bcns GROUP BY SESSION(ts, INTERVAL '8' SECOND), tx_id`,
    `WITH marked AS (
       SELECT tx_id, ts, CASE WHEN ts - LAG(ts) OVER (PARTITION BY tx_id ORDER BY ts) <= 8000 THEN 0 ELSE 1 END AS starts FROM bcns),
     numbered AS (SELECT tx_id, ts, SUM(starts) OVER (PARTITION BY tx_id ORDER BY ts ROWS UNBOUNDED PRECEDING) AS session FROM marked)
     SELECT tx_id, MIN(ts) AS s, MAX(ts) + 8000 AS e, COUNT(*) AS n FROM numbered GROUP BY tx_id, session`,
  )
})

t.test('inner interval join: clicks per campaign, joined to their bids by tx_id within 15 s', async () => {
  await matchesDuckdb(
    `SELECT b.campaign_item_id AS campaign, TUMBLE_START(c.ts, INTERVAL '1' MINUTE) AS minute_start, COUNT(*) AS clicks, SUM(b.win_price) AS bid_total
     FROM bids AS b JOIN clicks AS c ON b.tx_id = c.tx_id AND c.ts BETWEEN b.ts AND b.ts + INTERVAL '15' SECOND
     WHERE b.campaign_item_id <> 3
     GROUP BY TUMBLE(c.ts, INTERVAL '1' MINUTE), b.campaign_item_id`,
    `SELECT b.campaign_item_id AS campaign, (c.ts // 60000) * 60000 AS minute_start, COUNT(*) AS clicks, SUM(b.win_price)::DOUBLE AS bid_total
     FROM bids b JOIN clicks c ON b.tx_id = c.tx_id AND c.ts BETWEEN b.ts AND b.ts + 15000
     WHERE b.campaign_item_id <> 3 GROUP BY ALL`,
  )
})

t.test('APPROX_COUNT_DISTINCT is within the HyperLogLog error of the exact count', async () => {
  const query = compileQuery(
    `SELECT campaign_item_id, window_start, APPROX_COUNT_DISTINCT(app_uid) AS users
     FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end, campaign_item_id`,
  )
  await fc.assert(
    fc.asyncProperty(adEventsArb, async (values) => {
      const got = driveQuery(query, values, 25).rows
      const want = await duckdbReference(
        values,
        `SELECT campaign_item_id, (ts // 3600000) * 3600000 AS window_start, COUNT(DISTINCT app_uid) AS users FROM bids GROUP BY ALL`,
      )
      const exact = new Map(want.map((r) => [`${String(r.campaign_item_id)}|${String(r.window_start)}`, r.users as number]))
      if (got.length !== exact.size) throw new Error('different groups')
      // precision 12: standard error 1.6 %; three of them, and at least one for small counts
      for (const r of got) {
        const e = exact.get(`${r.campaign_item_id}|${r.window_start}`)!
        if (Math.abs((r.users as number) - e) > Math.max(1, 0.05 * e)) throw new Error(`estimate ${String(r.users)} for ${e}`)
      }
    }),
    { numRuns: 15 },
  )
})

t.test('duplicates count once, also when they arrive in a later Lambda window', async (t) => {
  const q = compileQuery(`SELECT COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bcns, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end`)
  const bid = { type: 'bid', tx_id: 't1', ts: 1_000, campaign_item_id: 1, app_uid: 'u' }
  const click = { type: 'click', tx_id: 't1', ts: 2_000 }
  const values = [bid, click, bid, click, { ...bid }, { type: 'heartbeat', ts: 200_000 }]
  t.same(driveQuery(q, values, 2).rows, [{ n: 2 }] satisfies SqlRow[])
})

t.test('LEFT OUTER interval join: bids per campaign with their wins, lost bids kept with NULL impression columns', async () => {
  await matchesDuckdb(
    `SELECT b.campaign_item_id AS campaign, TUMBLE_START(b.ts, INTERVAL '1' MINUTE) AS minute_start, COUNT(*) AS bids, COUNT(i.tx_id) AS wins,
            SUM(i.win_price) AS spend, MIN(i.win_price) AS lo, AVG(i.win_price) AS mean, SUM(b.win_price) AS bid_total
     FROM bids AS b LEFT OUTER JOIN impressions AS i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '10' SECOND
     GROUP BY TUMBLE(b.ts, INTERVAL '1' MINUTE), b.campaign_item_id`,
    `SELECT b.campaign_item_id AS campaign, (b.ts // 60000) * 60000 AS minute_start, COUNT(*) AS bids, COUNT(i.tx_id) AS wins,
            SUM(i.win_price)::DOUBLE AS spend, MIN(i.win_price) AS lo, AVG(i.win_price) AS mean, SUM(b.win_price)::DOUBLE AS bid_total
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 10000
     GROUP BY ALL`,
  )
})

t.test('LEFT OUTER join: a WHERE on the right side filters the joined rows (lost bids only), one on the left filters bids; HOP on b.ts', async () => {
  await matchesDuckdb(
    `SELECT b.domain, HOP_START(b.ts, INTERVAL '10' SECOND, INTERVAL '30' SECOND) AS s, COUNT(*) AS lost, COUNT(i.win_price) AS priced, MAX(i.win_price) AS hi
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts - INTERVAL '2' SECOND AND b.ts + INTERVAL '8' SECOND
     WHERE i.tx_id IS NULL AND b.campaign_item_id <> 2
     GROUP BY HOP(b.ts, INTERVAL '10' SECOND, INTERVAL '30' SECOND), b.domain`,
    `SELECT b.domain, ws AS s, COUNT(*) AS lost, COUNT(i.win_price) AS priced, MAX(i.win_price) AS hi
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts - 2000 AND b.ts + 8000,
          generate_series((b.ts // 10000) * 10000 - 20000, (b.ts // 10000) * 10000, 10000) AS g(ws)
     WHERE i.tx_id IS NULL AND b.campaign_item_id <> 2
     GROUP BY ALL`,
    15,
  )
})

t.test('LEFT OUTER join: no row is late for its window, even with no allowed lateness (the window waits for the join)', async () => {
  await matchesDuckdb(
    `SELECT TUMBLE_START(b.ts, INTERVAL '20' SECOND) AS s, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price) AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '15' SECOND
     WHERE i.win_price > 100 OR i.win_price IS NULL
     GROUP BY TUMBLE(b.ts, INTERVAL '20' SECOND)`,
    `SELECT (b.ts // 20000) * 20000 AS s, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price)::DOUBLE AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 15000
     WHERE i.win_price > 100 OR i.win_price IS NULL
     GROUP BY ALL`,
    15,
    { allowedLateness: 0 },
  )
})

t.test('LEFT OUTER join with a SESSION per transaction: each bid its own session, won or lost', async () => {
  await matchesDuckdb(
    `SELECT b.tx_id, SESSION_START(b.ts, INTERVAL '5' SECOND) AS s, SESSION_END(b.ts, INTERVAL '5' SECOND) AS e, COUNT(*) AS n, SUM(i.win_price) AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '10' SECOND
     GROUP BY SESSION(b.ts, INTERVAL '5' SECOND), b.tx_id`,
    `SELECT b.tx_id, b.ts AS s, b.ts + 5000 AS e, COUNT(*) AS n, SUM(i.win_price)::DOUBLE AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 10000
     GROUP BY ALL`,
    15,
  )
})

const TOP_CAMPAIGNS = (order: string, filter: string) => `SELECT * FROM (
    SELECT window_start, window_end, campaign_item_id, bids, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ${order}) AS rownum
    FROM (SELECT window_start, window_end, campaign_item_id, COUNT(*) AS bids
          FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, campaign_item_id)
  ) WHERE ${filter}`
const TOP_CAMPAIGNS_DUCKDB = (order: string, filter: string) => `SELECT * FROM (
    SELECT window_start, window_end, campaign_item_id, bids, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ${order}) AS rownum
    FROM (SELECT (ts // 10000) * 10000 AS window_start, (ts // 10000) * 10000 + 10000 AS window_end, campaign_item_id, COUNT(*) AS bids FROM bids GROUP BY ALL)
  ) WHERE ${filter}`

t.test('window Top-N: the 2 campaigns with the most bids per 10 s window, a tie-free order', async () => {
  await matchesDuckdb(
    TOP_CAMPAIGNS('bids DESC, campaign_item_id NULLS FIRST', 'rownum <= 2'),
    TOP_CAMPAIGNS_DUCKDB('bids DESC, campaign_item_id NULLS FIRST', 'rownum <= 2'),
  )
})

t.test('window Top-N: ties in ORDER BY are broken by the columns in SELECT order, ascending, NULL first', async () => {
  await matchesDuckdb(
    TOP_CAMPAIGNS('bids DESC', 'rownum < 3'),
    TOP_CAMPAIGNS_DUCKDB('bids DESC, window_start, window_end, campaign_item_id ASC NULLS FIRST, bids', 'rownum <= 2'),
  )
})

t.test('window Top-N over HOP: the cheapest domain per campaign and window, NULL sums last, some columns selected', async () => {
  await matchesDuckdb(
    `SELECT campaign_item_id, domain, window_start, total FROM (
       SELECT window_start, window_end, campaign_item_id, domain, total,
              ROW_NUMBER() OVER (PARTITION BY window_start, window_end, campaign_item_id ORDER BY total ASC NULLS LAST, domain DESC NULLS LAST) AS r
       FROM (SELECT window_start, window_end, campaign_item_id, domain, SUM(win_price) AS total
             FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '20' SECOND))
             WHERE win_price > 10 OR domain IS NULL
             GROUP BY window_start, window_end, campaign_item_id, domain
             HAVING COUNT(*) > 1)
     ) WHERE r <= 1`,
    `SELECT campaign_item_id, domain, window_start, total FROM (
       SELECT window_start, window_end, campaign_item_id, domain, total,
              ROW_NUMBER() OVER (PARTITION BY window_start, window_end, campaign_item_id ORDER BY total ASC NULLS LAST, domain DESC NULLS LAST) AS r
       FROM (SELECT ws AS window_start, ws + 20000 AS window_end, campaign_item_id, domain, SUM(win_price)::DOUBLE AS total
             FROM bids, generate_series((ts // 10000) * 10000 - 10000, (ts // 10000) * 10000, 10000) AS g(ws)
             WHERE win_price > 10 OR domain IS NULL
             GROUP BY ALL HAVING COUNT(*) > 1)
     ) WHERE r <= 1`,
    15,
  )
})

t.test('LEFT OUTER join: every invocation replayed (a Lambda retry) rewrites the same state and partials, and the rows stay exact', async () => {
  await matchesDuckdb(
    `SELECT b.domain, TUMBLE_START(b.ts, INTERVAL '30' SECOND) AS s, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price) AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '10' SECOND
     GROUP BY TUMBLE(b.ts, INTERVAL '30' SECOND), b.domain`,
    `SELECT b.domain, (b.ts // 30000) * 30000 AS s, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price)::DOUBLE AS spend
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 10000 GROUP BY ALL`,
    15,
    { replay: true },
  )
})

t.test('window Top-N over a LEFT OUTER join: the campaign with the most lost bids per 20 s', async () => {
  await matchesDuckdb(
    `SELECT window_start, campaign_item_id, lost, n FROM (
       SELECT window_start, window_end, campaign_item_id, lost, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY lost DESC) AS n
       FROM (SELECT TUMBLE_START(b.ts, INTERVAL '20' SECOND) AS window_start, TUMBLE_END(b.ts, INTERVAL '20' SECOND) AS window_end, b.campaign_item_id,
                    COUNT(*) - COUNT(i.tx_id) AS lost
             FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '10' SECOND
             GROUP BY TUMBLE(b.ts, INTERVAL '20' SECOND), b.campaign_item_id))
     WHERE n <= 1`,
    `SELECT window_start, campaign_item_id, lost, n FROM (
       SELECT window_start, campaign_item_id, lost, ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY lost DESC NULLS LAST, campaign_item_id NULLS FIRST) AS n
       FROM (SELECT (b.ts // 20000) * 20000 AS window_start, b.campaign_item_id, COUNT(*) - COUNT(i.tx_id) AS lost
             FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + 10000 GROUP BY ALL))
     WHERE n <= 1`,
    15,
  )
})
