// The live mode's firing: a window's rows are printed once they are final, also behind a LEFT OUTER join.
import t from 'tap'
import { QueryRun, compileQuery, type StreamRecord } from '../../src/index.js'

const SHARD = 'shardId-000000000000'
let sequence = 0
const records = (...values: Array<Record<string, unknown>>): StreamRecord[] =>
  values.map((v) => ({
    SequenceNumber: String(++sequence).padStart(20, '0'),
    PartitionKey: typeof v.tx_id === 'string' ? v.tx_id : 'heartbeat',
    Data: Buffer.from(JSON.stringify(v)),
  }))
const bid = (tx_id: string, ts: number) => ({ type: 'bid', tx_id, ts, campaign_item_id: 1, app_uid: 'u' })
const imp = (tx_id: string, ts: number) => ({ type: 'imp', tx_id, ts, win_price: 10 })
const heartbeat = (ts: number) => ({ type: 'heartbeat', ts, shard_id: SHARD })
/** The `limit` campaigns with the most bids in each 10-second window. */
const topCampaigns = (limit: number) =>
  compileQuery(
    `SELECT * FROM (
       SELECT window_start, campaign_item_id, bids, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY bids DESC, campaign_item_id NULLS LAST) AS n
       FROM (SELECT window_start, window_end, campaign_item_id, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))
             GROUP BY window_start, window_end, campaign_item_id)) WHERE n <= ${limit}`,
  )

t.test('a LEFT OUTER join window is printed only when its bids are resolved: won, or lost at their bound', async (t) => {
  const query = compileQuery(
    `SELECT TUMBLE_START(b.ts, INTERVAL '10' SECOND) AS s, COUNT(*) AS bids, COUNT(i.tx_id) AS wins
     FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '30' SECOND
     GROUP BY TUMBLE(b.ts, INTERVAL '10' SECOND)`,
  )
  t.equal(query.fireDelay, 30_000)
  const run = new QueryRun(query)
  // tx-3 wins at once; tx-1 waits for its impression, tx-2 never gets one.
  run.add(SHARD, records(bid('tx-1', 1_000), bid('tx-2', 2_000), bid('tx-3', 3_000), imp('tx-3', 4_000), heartbeat(17_000)))
  // The watermark (11 999) has passed the window's end, but not its bids' bounds: nothing is final yet.
  t.same(run.takeFired(5_000), [])
  run.add(SHARD, records(imp('tx-1', 25_000), heartbeat(46_000)))
  t.same(run.takeFired(5_000), [{ s: 0, bids: 3, wins: 2 }])
  t.same(run.takeFired(5_000), [], 'each window is printed once')
})

t.test('without a join a window is printed as soon as the watermark passes its end', async (t) => {
  const query = compileQuery(`SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS s, COUNT(*) AS bids FROM bids GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)`)
  t.equal(query.fireDelay, 0)
  const run = new QueryRun(query)
  run.add(SHARD, records(bid('tx-1', 1_000), heartbeat(14_000)))
  t.same(run.takeFired(5_000), [])
  run.add(SHARD, records(heartbeat(15_000)))
  t.same(run.takeFired(5_000), [{ s: 0, bids: 1 }])
})

t.test('a window Top-N is printed per window, ranked once: a group that comes later does not join the printed ranking', async (t) => {
  const query = topCampaigns(1)
  const run = new QueryRun(query)
  const on = (campaign: number, tx: string, ts: number) => ({ ...bid(tx, ts), campaign_item_id: campaign })
  run.add(SHARD, records(on(1, 'a', 1_000), on(2, 'b', 2_000), on(2, 'c', 3_000), on(3, 'd', 12_000), heartbeat(15_000)))
  t.same(run.takeFired(5_000), [{ window_start: 0, campaign_item_id: 2, bids: 2, n: 1 }])
  // Late (within the allowed lateness) for the printed window: the bounded table ranks it, the live one printed its ranking already.
  run.add(SHARD, records(on(4, 'e', 500), on(4, 'f', 600), on(4, 'g', 700), heartbeat(25_000)))
  t.same(run.takeFired(5_000), [{ window_start: 10_000, campaign_item_id: 3, bids: 1, n: 1 }])
  t.same(
    run.rows().sort((a, b) => Number(a.window_start) - Number(b.window_start)),
    [
      { window_start: 0, campaign_item_id: 4, bids: 3, n: 1 },
      { window_start: 10_000, campaign_item_id: 3, bids: 1, n: 1 },
    ],
  )
})

t.test("a window Top-N's live updates rank each window whole: a late group that takes the lead replaces the row", async (t) => {
  const query = topCampaigns(2)
  const run = new QueryRun(query)
  const on = (campaign: number, tx: string, ts: number) => ({ ...bid(tx, ts), campaign_item_id: campaign })
  run.add(SHARD, records(on(1, 'a', 1_000), on(2, 'b', 2_000), on(2, 'c', 3_000), on(3, 'd', 4_000), heartbeat(15_000)))
  t.same(
    run.takeUpdates(5_000).map((u) => [u.id, u.row]),
    [
      ['0|10000#0', { window_start: 0, campaign_item_id: 2, bids: 2, n: 1 }],
      ['0|10000#1', { window_start: 0, campaign_item_id: 1, bids: 1, n: 2 }],
    ],
    'the two best of the closed window',
  )
  t.same(run.takeUpdates(5_000), [], 'nothing changed')
  run.add(SHARD, records(on(4, 'e', 500), on(4, 'f', 600), on(4, 'g', 700), heartbeat(16_000)))
  t.same(
    run.takeUpdates(5_000).map((u) => [u.id, u.row]),
    [
      ['0|10000#0', { window_start: 0, campaign_item_id: 4, bids: 3, n: 1 }],
      ['0|10000#1', { window_start: 0, campaign_item_id: 2, bids: 2, n: 2 }],
    ],
    'a late group ranks first: both places replaced',
  )
})
