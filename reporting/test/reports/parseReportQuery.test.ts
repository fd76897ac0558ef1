import t from 'tap'
import { parseCampaignId, parseReportQuery } from '../../src/reports/parseReportQuery.js'

t.test('defaults: HOURS, UTC, all time, ascending', async (t) => {
  const r = parseReportQuery('7', {})
  t.ok(r.ok)
  if (r.ok) t.match(r.query, { campaignItemId: 7, period: 'HOURS', timezone: 'UTC', desc: false })
})

t.test('from/to accept ISO-8601 and epoch milliseconds', async (t) => {
  const r = parseReportQuery('7', { from: '2026-11-01T00:00:00Z', to: '1793620800000', period: 'days', desc: 'true' })
  t.ok(r.ok)
  if (r.ok) t.match(r.query, { from: Date.parse('2026-11-01T00:00:00Z'), to: 1793620800000, period: 'DAYS', desc: true })
})

t.test('every bad parameter is named', async (t) => {
  const r = parseReportQuery('abc', { period: 'YEARS', timezone: 'Mars/Olympus', from: 'yesterday', desc: 'maybe' })
  t.notOk(r.ok)
  if (!r.ok) t.same(r.errors.map((e) => e.parameter).sort(), ['campaign_item_id', 'desc', 'from', 'period', 'timezone'])
  const reversed = parseReportQuery('1', { from: '2000', to: '1000' })
  t.notOk(reversed.ok)
})

t.test('campaign ids are non-negative integers', async (t) => {
  t.equal(parseCampaignId('1463517'), 1463517)
  for (const bad of ['1.5', '-1', '', 'x', undefined, '1e3']) t.type(parseCampaignId(bad), 'object', String(bad))
})
