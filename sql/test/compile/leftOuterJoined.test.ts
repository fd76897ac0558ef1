// The LEFT OUTER join in front of the window: lost bids from a quiet shard's heartbeats, once, and a
// carry it cannot read.
import t from 'tap'
import type { Json, KeyedState, RecordContext } from '@sdp/aggregation-engine'
import { compileQuery, type SqlRow } from '../../src/index.js'
import { driveQuery } from '../_support/driveQuery.js'

const QUERY = `SELECT TUMBLE_START(b.ts, INTERVAL '1' MINUTE) AS s, COUNT(*) AS bids, COUNT(i.tx_id) AS wins, SUM(i.win_price) AS spend
  FROM bids b LEFT JOIN impressions i ON b.tx_id = i.tx_id AND i.ts BETWEEN b.ts AND b.ts + INTERVAL '30' SECOND
  GROUP BY TUMBLE(b.ts, INTERVAL '1' MINUTE)`
const bid = (tx_id: string, ts: number) => ({ type: 'bid', tx_id, ts, campaign_item_id: 1, app_uid: 'u' })
const heartbeat = (ts: number) => ({ type: 'heartbeat', ts, shard_id: 'shardId-000000000000' })

t.test('a bid no impression joined comes out once, from heartbeats alone, in a later Lambda window', async (t) => {
  const query = compileQuery(QUERY)
  // One record per Lambda window: the heartbeats' invocations hold no event of the bid's key.
  const values = [bid('tx-1', 1_000), heartbeat(20_000), heartbeat(36_000)]
  // Not before the watermark (max ts - 5 s - 1 ms) passes its bound, the bid's ts + 30 s.
  t.same(driveQuery(query, values, 1).rows, [])
  t.same(driveQuery(query, [...values, heartbeat(36_002)], 1).rows, [{ s: 0, bids: 1, wins: 0, spend: null }] satisfies SqlRow[])
  t.same(
    driveQuery(query, [...values, heartbeat(36_002), heartbeat(90_000), heartbeat(200_000)], 1).rows,
    [{ s: 0, bids: 1, wins: 0, spend: null }] satisfies SqlRow[],
    'once',
  )
})

t.test('an impression after the bound does not join: the bid is lost, the impression is not counted', async (t) => {
  const query = compileQuery(QUERY)
  const values = [
    bid('tx-1', 1_000),
    bid('tx-2', 2_000),
    { type: 'imp', tx_id: 'tx-2', ts: 3_000, win_price: 7 },
    { type: 'imp', tx_id: 'tx-1', ts: 32_000, win_price: 9 },
    heartbeat(200_000),
  ]
  t.same(driveQuery(query, values, 2).rows, [{ s: 0, bids: 2, wins: 1, spend: 7 }] satisfies SqlRow[])
})

/** Keyed state in a map: what the adapter hands a job, without the adapter. */
function keyedState(): KeyedState {
  const values = new Map<string, Json>()
  return { get: (key) => values.get(key), set: (key, value) => void values.set(key, value) }
}

const record: RecordContext = { shardId: 'shardId-000000000000', sequenceNumber: '1', partitionKey: 'tx-1', arrivalTime: 0 }

t.test('a carry the join cannot read is counted and time starts afresh; the rows are still made', async (t) => {
  const { job } = compileQuery(QUERY)
  for (const carry of ['not a carry', { joinTime: 'nope', windowCarry: null }] as Json[]) {
    const instance = job.open({ snapshot: undefined, carry, state: keyedState() })
    instance.process(bid('tx-1', 1_000), record)
    instance.heartbeat(100_000)
    const [partial] = instance.flush()
    t.same(job.accumulators.result(partial!.accumulator), { a0: 1, a1: 0, a2: null })
    t.equal(instance.counters().unreadableJoinCarry, 1, JSON.stringify(carry))
  }
})
