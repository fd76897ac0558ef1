// A recorded event set and the report requests asked of it: the same events and questions, put
// to the platform of before the second stage and to today's, must get the same answers
// (`recorded-reports.json` holds the answers of the platform before).
import fc from 'fast-check'
import { postEvents, reportMismatches, waitFor, type CampaignCounts } from '../_support/harness.js'

/** Late data is the point of a recorded history: every event is accepted, whatever its age. */
export const RECORDED_LATENESS_MS = 3 * 365 * 86_400_000

const CAMPAIGNS = 20
/** Around the end of US daylight saving time (2026-11-01 06:00Z), plus a few events in each month from January to November 2026. */
const DST_START = Date.parse('2026-10-31T20:00:00Z')
const DST_HOURS = 32

/** The events, in event-time order, and the counts every campaign must reach. */
export function recordedEvents(): { events: object[]; expected: Map<number, CampaignCounts> } {
  const txs = fc.sample(
    fc.record({
      campaign: fc.integer({ min: 1, max: CAMPAIGNS }),
      offset: fc.integer({ min: 0, max: DST_HOURS * 3_600_000 }),
      month: fc.integer({ min: 0, max: 40 }),
      imp: fc.option(fc.integer({ min: 0, max: 200_000 }), { freq: 2 }),
      click: fc.option(fc.integer({ min: 0, max: 100_000 }), { freq: 2 }),
      domain: fc.constantFrom('a.com', 'b.com', 'c.com'),
    }),
    { numRuns: 1500, seed: 20261101 },
  )
  const events: Array<{ readonly ts: number } & Record<string, unknown>> = []
  const expected = new Map<number, { bids: number; imps: number; clicks: number }>()
  txs.forEach((tx, i) => {
    const tx_id = `recorded-${i}`
    const campaign_item_id = 2_000_000 + tx.campaign
    // Most transactions around the DST change; one in ten on a day of some month of 2026.
    const ts = tx.month < 11 && i % 10 === 0 ? Date.UTC(2026, tx.month, 1 + (i % 27), i % 24, (i * 7) % 60, 13) : DST_START + tx.offset
    const counts = expected.get(campaign_item_id) ?? { bids: 0, imps: 0, clicks: 0 }
    expected.set(campaign_item_id, counts)
    events.push({ type: 'bid', tx_id, ts, campaign_item_id, domain: tx.domain, app_uid: `u${i % 31}`, creative_id: `c${i % 5}`, creative_category: 'cat' })
    counts.bids++
    if (tx.imp === null) return
    events.push({ type: 'imp', tx_id, ts: ts + tx.imp, win_price: 1 + (i % 9) })
    counts.imps++
    if (tx.click === null) return
    events.push({ type: 'click', tx_id, ts: ts + tx.imp + tx.click })
    counts.clicks++
  })
  return { events: events.sort((a, b) => a.ts - b.ts), expected }
}

/** The requests asked of the recorded events: every campaign's totals, period reports across units, zones, ranges and orders, and the campaign list. */
export function recordedRequests(): string[] {
  const out = ['/reports/campaigns?sort=campaign_item_id&limit=100']
  for (let c = 1; c <= CAMPAIGNS; c++) out.push(`/reports/campaigns/${2_000_000 + c}`)
  const periods = [
    'period=MINUTES&from=2026-11-01T05:30:00Z&to=2026-11-01T06:45:00Z',
    'period=MINUTES&timezone=Asia/Kathmandu&from=2026-11-01T00:00:00Z&to=2026-11-01T00:40:00Z&desc=true',
    'period=HOURS',
    'period=HOURS&timezone=America/New_York',
    'period=HOURS&timezone=Asia/Kolkata&from=2026-11-01T03:10:00Z&to=2026-11-01T17:20:00Z',
    'period=HOURS&timezone=Asia/Kathmandu&desc=true',
    'period=DAYS&timezone=America/New_York',
    'period=DAYS&timezone=Asia/Kathmandu&from=2026-03-01T00:00:00Z',
    'period=WEEKS&timezone=Australia/Lord_Howe',
    'period=MONTHS&timezone=Asia/Kathmandu',
    'period=MONTHS&timezone=Pacific/Chatham&desc=true',
    'period=MONTHS&from=2026-02-10T12:00:00Z&to=2026-09-01T00:00:00Z',
  ]
  for (const c of [1, 7, 13]) for (const query of periods) out.push(`/reports/campaigns/${2_000_000 + c}/period?${query}`)
  return out
}

/**
 * Posts the recorded events to the platform at `url` (unless `post` is false), waits until every
 * campaign's totals are exact, and answers every recorded request (the campaign list without its
 * read time).
 */
export async function answerRecordedRequests(url: string, post = true): Promise<Record<string, unknown>> {
  const { events, expected } = recordedEvents()
  if (post) await postEvents(url, events, 500)
  await waitFor('every recorded campaign to be exact', async () => (await reportMismatches(url, expected)).length === 0, 120_000)
  const answers: Record<string, unknown> = {}
  for (const path of recordedRequests()) {
    const response = await fetch(`${url}${path}`)
    const body = (await response.json()) as Record<string, unknown>
    delete body.as_of
    answers[path] = { status: response.status, body }
  }
  return answers
}
