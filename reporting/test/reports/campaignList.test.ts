import t from 'tap'
import { deepStrictEqual, ok } from 'node:assert/strict'
import fc from 'fast-check'
import { encodeCursor, pageCampaigns, parseCampaignListQuery, type CampaignListQuery } from '../../src/reports/campaignList.js'
import { CAMPAIGN_SORT_KEYS, SORT_ORDERS, type CampaignSummary } from '../../src/reports/responses.js'

const summary = (id: number, bids: number, imps: number, clicks: number, last = 0): CampaignSummary => ({
  campaign_item_id: id,
  bids,
  imps,
  clicks,
  walkins: 0,
  walkin_clicks: 0,
  win_rate: bids === 0 ? null : imps / bids,
  ctr: imps === 0 ? null : clicks / imps,
  last_period: last,
})

const parse = (params: Record<string, string>) => {
  const r = parseCampaignListQuery(params)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.query
}

/** Every page from the first, following next cursors. */
function allPages(rows: readonly CampaignSummary[], params: Record<string, string>) {
  const pages: CampaignSummary[][] = []
  let cursor: string | null = null
  do {
    const page = pageCampaigns(rows, parse({ ...params, ...(cursor ? { cursor } : {}) }))
    pages.push([...page.items])
    cursor = page.nextCursor
  } while (cursor !== null && pages.length < 10_000)
  return pages
}

t.test('defaults: every campaign, most bids first, 50 a page', async (t) => {
  t.same(parse({}), { search: '', sort: 'bids', order: 'desc', limit: 50, after: undefined })
  t.equal(parse({ sort: 'campaign_item_id' }).order, 'asc', 'ids ascend by default')
})

t.test('bad parameters are each named', async (t) => {
  const r = parseCampaignListQuery({ search: 'abc', sort: 'name', order: 'up', limit: '0', cursor: 'nope', foo: '1' })
  t.equal(r.ok, false)
  if (r.ok) return
  t.same(
    r.errors.map((e) => e.parameter),
    ['foo', 'search', 'sort', 'order', 'limit', 'cursor'],
  )
  t.match(r.errors.find((e) => e.parameter === 'limit')?.message, /1 to 500/)
  for (const limit of ['501', '1.5', '-1', 'x', '99999']) t.equal(parseCampaignListQuery({ limit }).ok, false, `limit=${limit}`)
  t.equal(parseCampaignListQuery({ search: '1'.repeat(16) }).ok, false, 'a search longer than an id')
})

t.test('a cursor only continues the sort it came from', async (t) => {
  const cursor = encodeCursor({ sort: 'bids', order: 'desc', value: 3, id: 7 })
  t.equal(parseCampaignListQuery({ cursor }).ok, true)
  const other = parseCampaignListQuery({ cursor, sort: 'clicks' })
  t.equal(other.ok, false)
  if (!other.ok) t.match(other.errors[0]?.message, /belongs to sort=bids&order=desc/)
})

t.test('sorts by a column, ties by id; rates without a denominator sort lowest', async (t) => {
  const rows = [summary(3, 10, 5, 1), summary(1, 10, 2, 0), summary(2, 0, 0, 0), summary(4, 4, 4, 4)]
  const ids = (q: Partial<CampaignListQuery> & Record<string, string>) => pageCampaigns(rows, parse(q)).items.map((c) => c.campaign_item_id)
  t.same(ids({ sort: 'bids' }), [1, 3, 4, 2])
  t.same(ids({ sort: 'win_rate', order: 'desc' }), [4, 3, 1, 2])
  t.same(ids({ sort: 'win_rate', order: 'asc' }), [2, 1, 3, 4])
  t.same(ids({ sort: 'ctr', order: 'desc' }), [4, 3, 1, 2])
})

t.test('search keeps campaigns whose id contains the digits; total counts the matches', async (t) => {
  const rows = [summary(1463517, 1, 1, 1), summary(2463, 2, 0, 0), summary(99, 3, 0, 0)]
  const page = pageCampaigns(rows, parse({ search: '463' }))
  t.same(
    page.items.map((c) => c.campaign_item_id),
    [2463, 1463517],
  )
  t.equal(page.total, 2)
  t.equal(pageCampaigns(rows, parse({ search: '7777' })).total, 0)
})

t.test('pages concatenate to the whole sorted list, for every sort and order', async (t) => {
  const row = fc.record({ id: fc.integer({ min: 1, max: 5000 }), bids: fc.nat(30), imps: fc.nat(30), clicks: fc.nat(30), last: fc.nat(5) })
  fc.assert(
    fc.property(
      fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 60 }),
      fc.constantFrom(...CAMPAIGN_SORT_KEYS),
      fc.constantFrom(...SORT_ORDERS),
      fc.integer({ min: 1, max: 7 }),
      fc.constantFrom('', '1', '2', '9'),
      (raw, sort, order, limit, search) => {
        const rows = raw.map((r) => summary(r.id, r.bids, r.imps, r.clicks, r.last))
        const params = { sort, order, limit: String(limit), search }
        const pages = allPages(rows, params)
        const everything = pageCampaigns(rows, parse({ ...params, limit: '500' }))
        deepStrictEqual(pages.flat(), everything.items)
        ok(
          pages.every((p, i) => p.length === limit || i === pages.length - 1),
          'every page but the last is full',
        )
      },
    ),
  )
  t.pass('200 random lists paged under every sort, order, limit and search')
})

t.test('a page boundary stays put when campaigns arrive or change before it', async (t) => {
  const rows = Array.from({ length: 10 }, (_, i) => summary(i + 1, 100 - i, 0, 0))
  const first = pageCampaigns(rows, parse({ limit: '4' }))
  t.same(
    first.items.map((c) => c.campaign_item_id),
    [1, 2, 3, 4],
  )
  const later = [summary(50, 1000, 0, 0), ...rows.slice(0, 2).map((c) => summary(c.campaign_item_id, c.bids + 1, 0, 0)), ...rows.slice(2)]
  const second = pageCampaigns(later, parse({ limit: '4', cursor: first.nextCursor ?? '' }))
  t.same(
    second.items.map((c) => c.campaign_item_id),
    [5, 6, 7, 8],
    'continues after campaign 4',
  )
})
