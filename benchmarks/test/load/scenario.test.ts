import t from 'tap'
import fc from 'fast-check'
import { countsMatch, eventBody, eventsPerUser, ExpectedCounts, outcomesOf, userPlan, usersStartedBy, type ScenarioConfig } from '../../src/load/index.js'

const config = (over: Partial<ScenarioConfig> = {}): ScenarioConfig => ({
  seed: 7,
  runId: 'r1',
  campaigns: 10,
  campaignBase: 5_000,
  noImpFraction: 0.3,
  noClickFraction: 0.5,
  ...over,
})

t.test('a user is a bid, maybe its impression, maybe then its click, for one tx_id', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.nat(1_000_000),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (seed, index, noImp, noClick) => {
        const c = config({ seed, noImpFraction: noImp, noClickFraction: noClick })
        const plan = userPlan(c, index)
        t.same(plan, userPlan(c, index), 'the same user whatever the timing')
        if (!['bid', 'bid,imp', 'bid,imp,click'].includes(plan.events.join(','))) return false
        if (plan.campaign < c.campaignBase || plan.campaign >= c.campaignBase + c.campaigns) return false
        return plan.txId === `load-r1-${index}` && plan.events.every((k) => eventBody(plan, k).tx_id === plan.txId)
      },
    ),
    { numRuns: 200 },
  )
})

t.test('the fractions are honoured over many users, and 0 and 1 exactly', async (t) => {
  const plans = Array.from({ length: 20_000 }, (_, i) => userPlan(config(), i))
  const imps = plans.filter((p) => p.events.includes('imp')).length
  const clicks = plans.filter((p) => p.events.includes('click')).length
  t.ok(Math.abs(imps / plans.length - 0.7) < 0.02, `≈70 % get an impression (${imps})`)
  t.ok(Math.abs(clicks / imps - 0.5) < 0.02, `≈50 % of those click (${clicks})`)
  t.ok(
    Array.from({ length: 500 }, (_, i) => userPlan(config({ noImpFraction: 1 }), i)).every((p) => p.events.length === 1),
    'no-imp 1: bids only',
  )
  t.ok(
    Array.from({ length: 500 }, (_, i) => userPlan(config({ noImpFraction: 0, noClickFraction: 0 }), i)).every((p) => p.events.length === 3),
    'no-imp 0, no-click 0: every user clicks',
  )
  t.equal(eventsPerUser(0.3, 0.5), 1 + 0.7 + 0.35)
})

t.test('bodies carry what the ingest API requires of each kind', async (t) => {
  const plan = userPlan(config(), 3)
  t.match(eventBody(plan, 'bid'), {
    type: 'bid',
    tx_id: plan.txId,
    campaign_item_id: plan.campaign,
    app_uid: String,
    domain: String,
    creative_id: String,
    creative_category: String,
    win_price: Number,
  })
  t.same(Object.keys(eventBody(plan, 'imp')).sort(), ['tx_id', 'type', 'win_price'])
  t.ok(Number.isInteger(eventBody(plan, 'imp').win_price), 'an impression price is an integer')
  t.same(eventBody(plan, 'click'), { type: 'click', tx_id: plan.txId })
})

t.test('users arrive at a fixed rate, or ramp linearly from 1 user/s', async (t) => {
  t.equal(usersStartedBy(0, 100, 10, false), 0)
  t.equal(usersStartedBy(2.5, 100, 10, false), 250)
  t.equal(usersStartedBy(60, 100, 10, false), 1000, 'nothing after the duration')
  // Ramp from 1 to 101 users/s over 10 s: t + 100·t²/20, so 5 s → 5 + 125 and 10 s → 10 + 500.
  t.equal(usersStartedBy(5, 101, 10, true), 130)
  t.equal(usersStartedBy(10, 101, 10, true), 510)
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 10, noNaN: true }),
      (a, b) => usersStartedBy(Math.min(a, b), 50, 10, true) <= usersStartedBy(Math.max(a, b), 50, 10, true),
    ),
    { numRuns: 200 },
  )
})

t.test('expected counts hold what was written, uncertain events apart', async (t) => {
  const e = new ExpectedCounts()
  e.written(2, 'bid')
  e.written(2, 'imp')
  e.written(1, 'bid')
  e.written(2, 'bid')
  e.written(2, 'click')
  e.uncertain(3, 'bid')
  t.same(e.expected(), [
    [1, { bids: 1, imps: 0, clicks: 0 }],
    [2, { bids: 2, imps: 1, clicks: 1 }],
    [3, { bids: 0, imps: 0, clicks: 0 }],
  ])
  t.same(e.unknownOf(3), { bids: 1, imps: 0, clicks: 0 })
  t.same(e.totals(), { written: 5, uncertain: 1 })
  t.ok(countsMatch({ bids: 0, imps: 0, clicks: 0 }, { bids: 1, imps: 0, clicks: 0 }, { bids: 1, imps: 0, clicks: 0 }), 'an uncertain bid may have landed')
  t.ok(countsMatch({ bids: 0, imps: 0, clicks: 0 }, { bids: 1, imps: 0, clicks: 0 }, { bids: 0, imps: 0, clicks: 0 }), 'or not')
  t.notOk(countsMatch({ bids: 2, imps: 1, clicks: 1 }, { bids: 0, imps: 0, clicks: 0 }, { bids: 2, imps: 1, clicks: 2 }), 'a double-counted click fails')
})

t.test('the outcome of each event follows from the answer', async (t) => {
  const r = (status: number, body = '') => ({ status, body, ms: 1 })
  t.same(outcomesOf(r(200), 3), ['written', 'written', 'written'])
  t.same(
    outcomesOf(r(429, JSON.stringify({ error: 'throttled', notWritten: [1] })), 3),
    ['written', 'refused', 'written'],
    '/events names the items not written',
  )
  t.same(outcomesOf(r(400, '{"error":"invalid"}'), 2), ['refused', 'refused'])
  t.same(outcomesOf(r(429), 1), ['refused'])
  t.same(outcomesOf(r(503), 1), ['refused'])
  t.same(outcomesOf(r(502), 1), ['unknown'], 'a gateway error may have written it')
  t.same(outcomesOf({ status: 0, body: '', ms: 30_000, error: 'no response within 30000 ms' }, 2), ['unknown', 'unknown'])
  t.same(outcomesOf({ status: 0, body: '', ms: 1, error: 'connect ECONNREFUSED 127.0.0.1:1' }, 1), ['refused'], 'nothing listened')
})
