/** A query the SQL page offers to start from. */
export interface SqlExample {
  readonly title: string
  readonly sql: string
}

/**
 * The SQL page's examples, one per shape the compiler takes: a tumbling count per key, a count per
 * event type, an interval join, a sliding distinct count, and HAVING. Each compiles (tested).
 */
export const SQL_EXAMPLES: readonly SqlExample[] = [
  {
    title: 'Bids per campaign per minute',
    sql: `SELECT window_start, campaign_item_id, COUNT(*) AS bids
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, campaign_item_id`,
  },
  {
    title: 'Events by type per minute',
    sql: `SELECT window_start, type, COUNT(*) AS events
FROM TABLE(TUMBLE(TABLE bcns, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, type`,
  },
  {
    title: 'Impressions and spend per campaign (join)',
    sql: `SELECT b.campaign_item_id, TUMBLE_START(i.ts, INTERVAL '1' MINUTE) AS window_start,
       COUNT(*) AS imps, SUM(i.win_price) AS spend
FROM bids b JOIN impressions i
  ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '5' MINUTE
GROUP BY TUMBLE(i.ts, INTERVAL '1' MINUTE), b.campaign_item_id`,
  },
  {
    title: 'Distinct apps per domain, last 5 minutes every minute',
    sql: `SELECT window_start, domain, APPROX_COUNT_DISTINCT(app_uid) AS apps, AVG(win_price) AS avg_price
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, domain`,
  },
  {
    title: 'Busy campaigns: 10 or more bids a minute',
    sql: `SELECT window_start, campaign_item_id, COUNT(*) AS bids, MAX(win_price) AS top_price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, campaign_item_id
HAVING COUNT(*) >= 10`,
  },
]
