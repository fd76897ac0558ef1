import t from 'tap'
import { expectedTotals, historyBatches, historyEventCount } from '../../src/suites/reportsHistory.js'

const spec = {
  start: Date.UTC(2026, 0, 1),
  batch: 7,
  campaigns: [
    { campaign: 1, periods: 250 },
    { campaign: 2, periods: 3 },
  ],
}
type Event = { type: string; tx_id: string; ts: number; campaign_item_id?: number }

t.test('yields every event once, minute by minute, in requests of at most the batch size', (t) => {
  const batches = [...historyBatches(spec)] as Event[][]
  const events = batches.flat()
  t.ok(
    batches.every((b) => b.length >= 1 && b.length <= spec.batch),
    'each request holds 1 to batch events',
  )
  t.equal(events.length, historyEventCount(spec), 'as many events as counted')
  const minute = (e: Event) => Math.floor(e.ts / 60_000)
  t.ok(
    events.every((e, i) => i === 0 || minute(events[i - 1] as Event) <= minute(e)),
    'the minute of ts never goes back',
  )
  t.equal(new Set(events.map((e) => `${e.type}:${e.tx_id}`)).size, events.length, 'no (type, tx_id) twice')
  t.end()
})

t.test('keeps a transaction in one request', (t) => {
  const where = new Map<string, number>()
  const split: string[] = []
  for (const [i, batch] of [...historyBatches(spec)].entries()) {
    for (const e of batch as Event[]) {
      if ((where.get(e.tx_id) ?? i) !== i) split.push(e.tx_id)
      where.set(e.tx_id, i)
    }
  }
  t.same(split, [], 'no transaction spans two requests')
  t.end()
})

t.test('the expected totals are what the bids, impressions and clicks add up to', (t) => {
  const counts = new Map<number, { bids: number; imps: number; clicks: number }>()
  const campaignOf = new Map<string, number>()
  for (const e of [...historyBatches(spec)].flat() as Event[]) {
    if (e.type === 'bid') campaignOf.set(e.tx_id, e.campaign_item_id as number)
    const c = campaignOf.get(e.tx_id) as number
    const n = counts.get(c) ?? { bids: 0, imps: 0, clicks: 0 }
    counts.set(c, { bids: n.bids + (e.type === 'bid' ? 1 : 0), imps: n.imps + (e.type === 'imp' ? 1 : 0), clicks: n.clicks + (e.type === 'click' ? 1 : 0) })
  }
  t.same(counts, expectedTotals(spec))
  t.same(expectedTotals(spec).get(1), { bids: 250, imps: 25, clicks: 3 })
  t.end()
})

t.test('one bid per minute: a campaign with n periods has a bid in each of its first n minutes', (t) => {
  const bids = ([...historyBatches(spec)].flat() as Event[]).filter((e) => e.type === 'bid' && e.campaign_item_id === 1)
  t.same(new Set(bids.map((e) => Math.floor((e.ts - spec.start) / 60_000))).size, 250)
  t.end()
})
