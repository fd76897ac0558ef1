// Acceptance test of the dashboard: the local platform in-process, events over HTTP, the page in
// headless Chromium showing the numbers the reports API gives, a period switch, a screenshot.
import t from 'tap'
import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { DEFAULT_TRAINING_CONFIG } from '@sdp/ml'
import { postEvents, reportMismatches, waitFor } from '../_support/harness.js'
import { skipWithoutChromium } from '../_support/chromium.js'
import { pageTestPlatform } from '../_support/pageTest.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const SCREENSHOT = join(ROOT, 'test-output', 'dashboard.png')
/** Set SDP_DOCS_SCREENSHOT=1 to also refresh docs/dashboard.png, the README's picture. */
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'dashboard.png')

type Totals = { bids: number; imps: number; clicks: number }
type PeriodRow = Totals & { start: number }

/**
 * Transactions over a dozen campaigns, spread over the last 40 minutes of event time in time
 * order, then a burst of live ones (stamped at ingest) for the busiest campaign, 1463517 — the
 * bid-win model trains on those (older bids are behind its watermark) — and the exact counts
 * each campaign must report.
 */
function traffic(now: number): { events: object[]; expected: Map<number, Totals> } {
  const campaigns = [1463517, 2000001, 2000002, 2000463, 3100007, 3100008, 4200010, 4200011, 5300021, 5300022, 6400033, 7500044]
  const history: Array<Record<string, unknown>> = []
  const live: Array<Record<string, unknown>> = []
  const expected = new Map<number, Totals>()
  let n = 0
  campaigns.forEach((campaign_item_id, c) => {
    const counts = { bids: 0, imps: 0, clicks: 0 }
    expected.set(campaign_item_id, counts)
    const bids = c === 0 ? 90 : 8 + ((c * 7) % 25)
    const liveBids = c === 0 ? 40 : 0
    for (let i = 0; i < bids + liveBids; i++, n++) {
      const tx_id = `dash-${campaign_item_id}-${i}`
      const into = i < bids ? history : live
      const ts = i < bids ? now - 60_000 - ((n * 97_000) % 2_400_000) : undefined
      const at = (delay: number) => (ts === undefined ? {} : { ts: ts + delay })
      into.push({
        type: 'bid',
        tx_id,
        ...at(0),
        campaign_item_id,
        domain: `site${i % 5}.example`,
        app_uid: `u${n}`,
        creative_id: `cr${i % 3}`,
        creative_category: 'news',
        win_price: 1 + (i % 9),
      })
      counts.bids++
      if ((i + c) % 3 !== 0) {
        into.push({ type: 'imp', tx_id, ...at(1000), win_price: 1 + (i % 5) })
        counts.imps++
        if ((i + 2 * c) % 4 === 0) {
          into.push({ type: 'click', tx_id, ...at(2000) })
          counts.clicks++
        }
      }
    }
  })
  history.sort((a, b) => Number(a.ts) - Number(b.ts)) // as ad servers send them: in event-time order
  return { events: [...history, ...live], expected }
}

const getJson = async <T>(url: string): Promise<T> => {
  const response = await fetch(url)
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}
const number = (text: string | null) => Number((text ?? '').replace(/[^\d.-]/g, ''))

/** The period table of the page as rows, once its campaign, period and zone are the asked ones. */
async function pageRows(page: Page, want: { campaign: number; period: string; zone: string }): Promise<PeriodRow[] | undefined> {
  // No named helpers inside the page functions: the test's TypeScript loader would wrap them in one the page lacks.
  type Row = { dataset: Record<string, string | undefined>; querySelector(selector: string): { textContent: string | null } | null }
  const shown = await page.getByTestId('detail').evaluate((d: Row) => [d.dataset.campaign, d.dataset.period, d.dataset.zone].join('|'))
  if (shown !== `${want.campaign}|${want.period}|${want.zone}`) return undefined
  const cells = await page
    .locator('[data-testid="period-rows"] tr[data-start]')
    .evaluateAll((rows: Row[]) =>
      rows.map((tr) => [tr.dataset.start ?? '', ...['bids', 'imps', 'clicks'].map((c) => tr.querySelector(`[data-column="${c}"]`)?.textContent ?? '')]),
    )
  return cells.map(([start, bids, imps, clicks]) => ({
    start: Number(start),
    bids: number(bids ?? ''),
    imps: number(imps ?? ''),
    clicks: number(clicks ?? ''),
  }))
}

t.test(
  'the dashboard shows the platform working',
  {
    skip: skipWithoutChromium(),
  },
  async (t) => {
    const started = Date.now()
    // A bid trains the model once its label is final (its timeout passed): a short timeout here, so the first version comes within seconds.
    const training = { ...DEFAULT_TRAINING_CONFIG, bidTimeoutMs: 3_000 }
    const { platform, openPage } = await pageTestPlatform(t, { training })
    const site = platform.url

    const { page, problems } = await openPage((response) => response.status() === 503 && response.url().endsWith('/predictions'))
    page.on('console', (message) => {
      // a failed fetch is logged by Chromium too: the response handler judges those
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`)
    })
    const visible = (testId: string) => page.getByTestId(testId).isVisible()

    await page.goto(`${site}/`)
    await waitFor('the empty state before any event', () => visible('empty-state'), 15_000)
    t.pass('no data: the page says how to send events')

    const { events, expected } = traffic(Date.now())
    await postEvents(site, events, 250, (response, batch) => t.equal(response.status, 200, `POST /events batch ${batch}`))
    let wrong: string[] = []
    const matches = async () => (wrong = await reportMismatches(site, expected, getJson)).length === 0
    await waitFor('the reports API to count every campaign exactly', matches, 60_000).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message} (${wrong[0]}) ${JSON.stringify(platform.mappings.map((m) => ({ name: m.name, lag: m.lagMs(), ...m.counters })))}`,
      )
    })
    const busiest = 1463517
    const { bids, imps, clicks } = await getJson<Totals>(`${site}/reports/campaigns/${busiest}`)
    const api = { bids, imps, clicks }

    // The list refreshes by itself: the empty state gives way to the campaigns.
    const row = page.locator(`tr[data-campaign="${busiest}"]`)
    await waitFor(
      'the list to show the campaign with the API numbers',
      async () => (await row.count()) === 1 && number(await row.locator('[data-column="bids"]').textContent()) === api.bids,
      20_000,
    )
    const listed = (await getJson<{ items: Array<Totals & { win_rate: number; ctr: number }> }>(`${site}/reports/campaigns?search=${busiest}`)).items[0]
    t.same(
      {
        bids: number(await row.locator('[data-column="bids"]').textContent()),
        imps: number(await row.locator('[data-column="imps"]').textContent()),
        clicks: number(await row.locator('[data-column="clicks"]').textContent()),
        win: await row.locator('[data-column="win_rate"]').textContent(),
        ctr: await row.locator('[data-column="ctr"]').textContent(),
      },
      { ...api, win: `${(((listed?.win_rate ?? 0) * 1000) / 10).toFixed(1)}%`, ctr: `${(((listed?.ctr ?? 0) * 1000) / 10).toFixed(1)}%` },
      'the row equals GET /reports/campaigns/{id} and its rates equal the list API',
    )
    t.equal(number(await page.getByTestId('summary-campaigns').textContent()), expected.size, 'every campaign counted in the summary')

    await row.click()
    const detailTotals = async () => ({
      bids: number(await page.getByTestId('detail-bids').textContent()),
      imps: number(await page.getByTestId('detail-imps').textContent()),
      clicks: number(await page.getByTestId('detail-clicks').textContent()),
    })
    await waitFor('the detail to show the campaign', async () => (await page.getByTestId('detail-title').textContent()) === `Campaign ${busiest}`)
    await waitFor('the detail totals to refresh to the API numbers', async () => JSON.stringify(await detailTotals()) === JSON.stringify(api), 20_000)
    t.same(await detailTotals(), api, 'the detail totals equal the reports API')

    // The series per period: the page's rows are the API's, for MINUTES, then HOURS in a half-hour zone.
    const apiRows = async (period: string, zone: string) =>
      (await getJson<{ rows: PeriodRow[] }>(`${site}/reports/campaigns/${busiest}/period?period=${period}&timezone=${encodeURIComponent(zone)}`)).rows.map(
        ({ start, bids, imps, clicks }) => ({ start, bids, imps, clicks }),
      )
    const sameRows = (period: string, zone: string) => async () => {
      const shown = await pageRows(page, { campaign: busiest, period, zone })
      return shown !== undefined && JSON.stringify([...shown].sort((a, b) => a.start - b.start)) === JSON.stringify(await apiRows(period, zone))
    }
    await waitFor('the MINUTES rows to equal the API', sameRows('MINUTES', 'UTC'), 20_000).catch(async (e: unknown) => {
      throw new Error(
        `${(e as Error).message}: ${problems.join('; ')} banner=${await page.getByTestId('error-banner').textContent()} ${await page.getByTestId('detail').evaluate('(d) => JSON.stringify(d.dataset)')} ${JSON.stringify(await pageRows(page, { campaign: busiest, period: 'MINUTES', zone: 'UTC' }))} vs ${JSON.stringify(await apiRows('MINUTES', 'UTC'))}`,
      )
    })
    const minuteRows = await apiRows('MINUTES', 'UTC')
    t.ok(minuteRows.length > 10, `${minuteRows.length} minutes with counts`)
    t.same(
      minuteRows.reduce((s, r) => ({ bids: s.bids + r.bids, imps: s.imps + r.imps, clicks: s.clicks + r.clicks }), { bids: 0, imps: 0, clicks: 0 }),
      api,
      'the minutes add up to the totals',
    )
    t.equal(await page.locator('[data-testid="series-charts"] canvas').count(), 3, 'three charts drawn')

    await page.getByTestId('period-select').selectOption('HOURS')
    await page.getByTestId('timezone-select').selectOption('Asia/Kolkata')
    await waitFor('the HOURS rows in Asia/Kolkata to equal the API', sameRows('HOURS', 'Asia/Kolkata'), 20_000)
    t.pass('switching period and time zone shows the API rows of that period and zone')
    t.match(page.url(), /period=HOURS/, 'the choice is kept in the URL')

    // Search and sort the list.
    await page.getByTestId('campaign-search').fill('2000')
    const containing = [...expected.keys()].filter((id) => String(id).includes('2000')).sort()
    const listedIds = async () =>
      (
        await page
          .locator('[data-testid="campaign-rows"] tr[data-campaign]')
          .evaluateAll((rows: Array<{ dataset: Record<string, string | undefined> }>) => rows.map((r) => Number(r.dataset.campaign)))
      ).sort()
    await waitFor('the search to narrow the list', async () => JSON.stringify(await listedIds()) === JSON.stringify(containing))
    await page.getByTestId('campaign-search').fill('')
    await page.locator('button[data-sort="clicks"]').click()
    const mostClicks = [...expected].sort((a, b) => b[1].clicks - a[1].clicks || a[0] - b[0])[0]?.[0]
    await waitFor(
      'the list sorted by clicks',
      async () => (await page.locator('[data-testid="campaign-rows"] tr').first().getAttribute('data-campaign')) === String(mostClicks),
    )
    t.pass('search and sort work')

    // Platform health and the price curve.
    await waitFor(
      'health figures',
      async () => /total/.test((await page.getByTestId('health-eps').textContent()) ?? '') && (await page.getByTestId('health-lag').textContent()) !== '—',
    )
    const metrics = await getJson<{ ingest: { events_total: number } }>(`${site}/reports/metrics`)
    t.equal(metrics.ingest.events_total, events.length, 'every accepted event metered')
    t.match(
      await page.getByTestId('health-eps').textContent(),
      new RegExp(`${events.length.toLocaleString('en-US')} total`),
      'the page shows the ingested total',
    )
    // Every event was valid: each consumer's dead-letter rate over the last minute (from /health) is 0, not a warning.
    const rates = page.getByTestId('health-dead-letter-rate')
    t.match(await rates.textContent(), /^(\S+ 0(\.0)?% of [\d,]+( · |$))+$|^no records in the last minute$/, 'the dead-letter rates of the last minute')
    t.notOk(((await rates.getAttribute('class')) ?? '').includes('warn'), 'none in warning')
    // The live bids train the model: once a version is published the page draws the price curve by itself.
    await waitFor(
      'the price curve from the first model version',
      async () => (await page.getByTestId('price-curve').getAttribute('data-state')) === 'ok',
      45_000,
    )
    const model = (await getJson<{ model: { status: string; version?: string } }>(`${site}/reports/metrics`)).model
    t.equal(model.status, 'ready', 'GET /reports/metrics names the model')
    await waitFor('the health panel to name the model version', async () =>
      ((await page.getByTestId('health-model').textContent()) ?? '').includes(model.version ?? '?'),
    )
    t.equal(await page.locator('[data-testid="price-curve"] canvas').count(), 1, 'the curve is drawn')
    t.comment(`price curve: ${await page.getByTestId('price-curve-status').textContent()}`)

    await page.getByTestId('period-select').selectOption('MINUTES')
    await page.getByTestId('timezone-select').selectOption('UTC')
    await page.locator('button[data-sort="bids"]').click()
    await waitFor('the MINUTES rows again before the screenshot', sameRows('MINUTES', 'UTC'), 20_000)
    await mkdir(join(ROOT, 'test-output'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    if (process.env.SDP_DOCS_SCREENSHOT === '1') {
      await mkdir(join(ROOT, 'docs'), { recursive: true })
      await copyFile(SCREENSHOT, DOCS_SCREENSHOT)
    }
    t.same(problems, [], 'no script or console errors')
    t.comment(`screenshot: ${SCREENSHOT}; ${Date.now() - started} ms`)
  },
)
