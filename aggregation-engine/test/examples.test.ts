// The README's examples, run: their outputs are what the README says they are.
import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { campaignCounts } from '../examples/campaignCounts.js'
import { meanWinPrice } from '../examples/meanWinPrice.js'
import { userSessions } from '../examples/userSessions.js'

t.test('campaign counts: the original README order (bid, click, impression) counts all three', async (t) => {
  const tx = '44db4cf3-c372-4f7c-8443-9d2a1e725473'
  const results = campaignCounts(
    [
      { type: 'bid', tx_id: tx, campaign_item_id: 1463517, ts: 1_000 },
      { type: 'click', tx_id: tx, ts: 3_000 },
      { type: 'imp', tx_id: tx, ts: 2_000 },
      { type: 'bid', tx_id: 'other', campaign_item_id: 1463517, ts: 61_000 },
    ],
    200_000,
  )
  t.same(results, [
    { campaign: 1463517, window: { start: 0, end: 60_000 }, bids: 1, imps: 1, clicks: 1 },
    { campaign: 1463517, window: { start: 60_000, end: 120_000 }, bids: 1, imps: 0, clicks: 0 },
  ])
})

t.test('campaign counts: the watermark moves with the events, so an impression behind it no longer joins', async (t) => {
  const results = campaignCounts(
    [
      { type: 'bid', tx_id: 'a', campaign_item_id: 1, ts: 1_000 },
      { type: 'bid', tx_id: 'b', campaign_item_id: 1, ts: 400_000 }, // watermark 394_999
      { type: 'imp', tx_id: 'a', ts: 2_000 }, // late for the join
    ],
    500_000,
  )
  t.same(results, [
    { campaign: 1, window: { start: 0, end: 60_000 }, bids: 1, imps: 0, clicks: 0 },
    { campaign: 1, window: { start: 360_000, end: 420_000 }, bids: 1, imps: 0, clicks: 0 },
  ])
})

t.test('user sessions: a session open at a Lambda window edge continues in the next one', async (t) => {
  const MIN = 60_000
  const results = userSessions([
    [
      { user: 'ann', page: '/', ts: 0 },
      { user: 'bob', page: '/', ts: 1 * MIN },
    ],
    [
      { user: 'ann', page: '/cart', ts: 20 * MIN },
      { type: 'heartbeat', ts: 40 * MIN },
    ],
    [{ type: 'heartbeat', ts: 60 * MIN }],
  ])
  t.same(results, [
    { user: 'bob', start: 1 * MIN, end: 31 * MIN, views: 1, firing: 'on-time' },
    { user: 'ann', start: 0, end: 50 * MIN, views: 2, firing: 'on-time' },
  ])
})

t.test('mean win price per domain in sliding windows', async (t) => {
  const { results, late } = meanWinPrice(
    [
      { domain: 'a.com', win_price: 10, ts: 30_000 },
      { domain: 'a.com', win_price: 20, ts: 90_000 },
    ],
    660_000,
  )
  const a = results.filter((r) => r.domain === 'a.com')
  t.equal(a.length, 11, 'one result per window containing an impression')
  t.same(
    a.find((r) => r.start === 0),
    { domain: 'a.com', start: 0, mean: 15, firing: 'on-time' },
  )
  t.same(late, [])
})

t.test('every TypeScript block of the README is a verbatim excerpt of an example these tests run', async (t) => {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
  const dir = new URL('../examples/', import.meta.url)
  const examples = readdirSync(dir).map((f) => ({ name: f, lines: lines(readFileSync(new URL(f, dir), 'utf8')).join('\n') }))
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => lines(m[1] ?? '').join('\n'))
  t.ok(blocks.length >= 5)
  for (const block of blocks)
    t.ok(
      examples.some((e) => `\n${e.lines}\n`.includes(`\n${block}\n`)),
      `README block found in an example:\n${block.split('\n')[0]}`,
    )
})
