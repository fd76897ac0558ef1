// QueryRun's live updates: a closed window's row once, again when a late event changes it, and the
// updates applied in order always end at the rows of the finished run.
import t from 'tap'
import fc from 'fast-check'
import { QueryRun, compileQuery, type RowUpdate, type SqlRow, type StreamRecord } from '../../src/index.js'
import { adEventsArb, type StreamValue } from '../_support/adEvents.js'

const SUM_PER_MINUTE = `SELECT campaign_item_id, window_start, COUNT(*) AS bids, SUM(win_price) AS spend
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end, campaign_item_id
  HAVING SUM(win_price) > 5`

const MINUTE = Date.UTC(2026, 0, 1, 10, 0)

/** Records of one shard with increasing sequence numbers, continuing from `first`. */
function records(values: readonly StreamValue[], first: number): StreamRecord[] {
  return values.map((v, i) => ({
    SequenceNumber: String(first + i).padStart(20, '0'),
    PartitionKey: typeof v.tx_id === 'string' ? v.tx_id : 'heartbeat',
    Data: Buffer.from(JSON.stringify(v)),
    ApproximateArrivalTimestamp: new Date(v.ts as number),
  }))
}

const bid = (tx_id: string, ts: number, win_price: number) => ({ type: 'bid', tx_id, ts, campaign_item_id: 1, app_uid: 'u', win_price })
const heartbeat = (ts: number) => ({ type: 'heartbeat', ts, shard_id: 'shardId-000000000000' })

t.test('a closed window is sent once, again when a late event changes it, and withdrawn when HAVING drops it', async (t) => {
  const run = new QueryRun(compileQuery(SUM_PER_MINUTE))
  const shard = 'shardId-000000000000'
  run.add(shard, records([bid('a', MINUTE + 1_000, 4), bid('b', MINUTE + 2_000, 3)], 1))
  t.same(run.takeUpdates(5_000), [], 'nothing before the watermark passes the window')
  run.add(shard, records([heartbeat(MINUTE + 66_000)], 10))
  const first = run.takeUpdates(5_000)
  const window = { start: MINUTE, end: MINUTE + 60_000 }
  t.same(
    first.map((u) => ({ window: u.window, row: u.row })),
    [{ window, row: { campaign_item_id: 1, window_start: MINUTE, bids: 2, spend: 7 } }],
  )
  t.same(run.takeUpdates(5_000), [], 'an unchanged window is not sent again')

  run.add(shard, records([bid('c', MINUTE + 3_000, 2)], 20))
  const late = run.takeUpdates(5_000)
  t.same(late, [{ id: first[0]!.id, window, row: { campaign_item_id: 1, window_start: MINUTE, bids: 3, spend: 9 } }], 'the late event replaces the row')

  run.add(shard, records([bid('d', MINUTE + 4_000, -6)], 30))
  t.same(run.takeUpdates(5_000), [{ id: first[0]!.id, window, row: null }], 'HAVING now drops it: withdrawn')
  run.add(shard, records([bid('e', MINUTE + 70_000, 1)], 40))
  t.same(run.takeUpdates(5_000), [], 'a window HAVING drops from the start is never sent')
})

/** Applies updates as the page does: replace by id, remove on null. */
function apply(view: Map<string, SqlRow>, updates: readonly RowUpdate[]): void {
  for (const u of updates) {
    if (u.row === null) view.delete(u.id)
    else view.set(u.id, u.row)
  }
}

t.test('the updates, applied in order, always end at the final rows', async (t) => {
  const query = compileQuery(SUM_PER_MINUTE.replace('HAVING SUM(win_price) > 5', ''))
  let compared = 0
  fc.assert(
    fc.property(adEventsArb, fc.integer({ min: 1, max: 40 }), (values, every) => {
      const run = new QueryRun(query)
      const view = new Map<string, SqlRow>()
      for (let i = 0; i < values.length; i += every) {
        run.add('shardId-000000000000', records(values.slice(i, i + every), i + 1))
        apply(view, run.takeUpdates(5_000))
      }
      const shown = [...view.values()].map((r) => JSON.stringify(r)).sort()
      const final = run
        .rows()
        .map((r) => JSON.stringify(r))
        .sort()
      if (JSON.stringify(shown) !== JSON.stringify(final)) throw new Error(`updates ${shown.join(' ')} != rows ${final.join(' ')}`)
      compared += final.length
    }),
    { numRuns: 50 },
  )
  t.ok(compared > 0, `${compared} rows compared`)
})
