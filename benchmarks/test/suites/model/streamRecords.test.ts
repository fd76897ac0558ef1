import t from 'tap'
import { syntheticBidWorld } from '@sdp/ml'
import { streamRecords } from '../../../src/suites/model/streamRecords.js'

const decode = (r: { record: { kinesis: { data: string } } }) =>
  JSON.parse(Buffer.from(r.record.kinesis.data, 'base64').toString()) as { type: string; ts: number }

t.test('bids, impressions and heartbeats in event-time order, heartbeats until the tail has passed', async (t) => {
  const txs = syntheticBidWorld({ seed: 1 }).transactions(50, { seed: 2, startTs: 1_000_000, spacingMs: 100, impressionDelayMs: [10, 500] })
  const records = streamRecords(txs, 'shardId-1', 10_000)
  const events = records.map(decode)
  t.equal(events.filter((e) => e.type === 'bid').length, 50)
  t.equal(events.filter((e) => e.type === 'imp').length, txs.filter((x) => x.won).length)
  t.ok(
    records.every((r, i) => i === 0 || (records[i - 1] as { ts: number }).ts <= r.ts),
    'event-time order',
  )
  t.ok(
    records.every((r, i) => i === 0 || (records[i - 1] as typeof r).record.kinesis.sequenceNumber < r.record.kinesis.sequenceNumber),
    'sequence numbers ascend',
  )
  const lastBeat = events.filter((e) => e.type === 'heartbeat').at(-1)
  t.ok((lastBeat?.ts as number) > (txs.at(-1)?.bid.ts as number) + 9_000)
})

t.test('an empty stream is refused', async (t) => {
  t.throws(() => streamRecords([], 's', 1_000), /at least one transaction/)
})
