import t from 'tap'
import { compileQuery, explain } from '../src/index.js'

t.test('explain prints source, join, filter, window, keys, aggregates, having and output', async (t) => {
  const { plan } = compileQuery(
    `SELECT b.campaign_item_id AS campaign, TUMBLE_START(c.ts, INTERVAL '1' MINUTE) AS minute_start, COUNT(*) AS clicks
     FROM bids AS b JOIN clicks AS c ON b.tx_id = c.tx_id AND c.ts BETWEEN b.ts AND b.ts + INTERVAL '5' MINUTE
     WHERE b.domain IS NOT NULL AND NOT b.win_price > 3 AND b.domain <> 'it''s'
     GROUP BY TUMBLE(c.ts, INTERVAL '1' MINUTE), b.campaign_item_id HAVING COUNT(*) >= 2`,
  )
  t.equal(
    explain(plan),
    `source:     bids AS b (event time ts, each (type, tx_id) once)
join:       inner interval join clicks AS c on tx_id, c.ts - b.ts in [0, 5 min]
filter:     ((b.domain IS NOT NULL AND NOT (b.win_price > 3)) AND (b.domain <> 'it''s'))
window:     tumbling 1 min on c.ts
keys:       b.campaign_item_id
aggregates: COUNT(*)
having:     (COUNT(*) >= 2)
output:     campaign, minute_start, clicks
`,
  )
})

t.test('explain names sliding and session windows, and a query without keys', async (t) => {
  const hop = compileQuery(
    `SELECT window_start, APPROX_COUNT_DISTINCT(app_uid) AS users, -SUM(win_price) AS neg FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' MINUTE, INTERVAL '1' HOUR)) GROUP BY window_start, window_end`,
  )
  t.match(
    explain(hop.plan),
    /window: {5}sliding 1 h every 5 min on ts\nkeys: {7}\(none: one group per window\)\naggregates: APPROX_COUNT_DISTINCT\(app_uid\), SUM\(win_price\)/,
  )
  const cumulate = compileQuery(
    `SELECT window_end, COUNT(*) AS n FROM TABLE(CUMULATE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '15' MINUTE, INTERVAL '1' DAY)) GROUP BY window_start, window_end`,
  )
  t.match(explain(cumulate.plan), /window: {5}cumulating 1 d in steps of 15 min on ts/)
  const session = compileQuery(`SELECT tx_id, COUNT(*) AS n FROM bcns GROUP BY SESSION(ts, INTERVAL '90' SECOND), tx_id`)
  t.match(explain(session.plan), /window: {5}session, gap 90 s on ts/)
})

t.test('explain says a LEFT OUTER join keeps the left rows nothing joined, and windows on the left side', async (t) => {
  const { plan } = compileQuery(
    `SELECT COUNT(i.tx_id) AS wins FROM bids b LEFT OUTER JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '5' MINUTE
     WHERE b.domain IS NOT NULL AND i.win_price > 2 GROUP BY TUMBLE(b.ts, INTERVAL '1' MINUTE)`,
  )
  t.match(
    explain(plan),
    'join:       left outer interval join impressions AS i on tx_id, i.ts - b.ts in [0, 5 min] (a b row nothing joined: once, NULL i columns, when the watermark passes its bound)\nfilter:     b.domain IS NOT NULL\nafter join: (i.win_price > 2)\nwindow:     tumbling 1 min on b.ts\n',
  )
})

t.test('explain prints a window Top-N after the aggregate it ranks', async (t) => {
  const { plan } = compileQuery(
    `SELECT campaign_item_id, rownum FROM (
       SELECT window_start, window_end, campaign_item_id, bids, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY bids DESC) AS rownum
       FROM (SELECT window_start, window_end, campaign_item_id, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
             GROUP BY window_start, window_end, campaign_item_id)) WHERE rownum <= 3`,
  )
  t.match(
    explain(plan),
    'output:     window_start, window_end, campaign_item_id, bids\ntop-n:      rownum <= 3 per (window_start, window_end) by bids DESC NULLS LAST, ties by the output in SELECT order\nranked:     campaign_item_id, rownum\n',
  )
})
