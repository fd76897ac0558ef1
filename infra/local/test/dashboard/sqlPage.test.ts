// Acceptance test of the SQL page: the local platform in-process, events over HTTP, the page in
// headless Chromium running an example live — the table fills with the brute-force counts, a late
// event replaces its window's row, the chart draws — and a bad query shown at its position.
import t from 'tap'
import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { SQL_EXAMPLES } from '../../src/dashboard/index.js'
import { skipWithoutChromium } from '../_support/chromium.js'
import { pageTestPlatform } from '../_support/pageTest.js'
import { postEvents, waitFor } from '../_support/harness.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const SCREENSHOT = join(ROOT, 'test-output', 'sql-page.png')
/** Set SDP_DOCS_SCREENSHOT=1 to also refresh docs/sql-page.png, the README's picture. */
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'sql-page.png')
const EXAMPLE = 0 // Bids per campaign per minute

/** Bids of 4 campaigns over 4 past minutes (some sent twice), with impressions and clicks, and the bids per (minute, campaign). */
function traffic(firstMinute: number) {
  const events: Array<Record<string, unknown>> = []
  const expected = new Map<string, number>()
  for (let i = 0; i < 120; i++) {
    const campaign_item_id = 500 + (i % 4)
    const ts = firstMinute + ((i * 7_919) % 240_000)
    events.push({ type: 'bid', tx_id: `page-${i}`, campaign_item_id, app_uid: `u${i % 9}`, domain: `site${i % 3}.example`, win_price: 1 + (i % 5), ts })
    if (i % 3 !== 0) events.push({ type: 'imp', tx_id: `page-${i}`, win_price: 2, ts: ts + 700 })
    if (i % 5 === 0) events.push({ type: 'click', tx_id: `page-${i}`, ts: ts + 1_500 })
    const key = `${Math.floor(ts / 60_000) * 60_000}|${campaign_item_id}`
    expected.set(key, (expected.get(key) ?? 0) + 1)
  }
  return { events: [...events, ...events.slice(0, 30)], unique: events, expected }
}

/** The events per (minute, type), each (type, tx_id) once: what "Events by type per minute" must show. */
function perType(unique: ReadonlyArray<Record<string, unknown>>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const e of unique) {
    const key = `${Math.floor((e.ts as number) / 60_000) * 60_000}|"${String(e.type)}"`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/** The page's result table as `window_start|key → count`, read from the cells' raw values (JSON). */
async function shownCounts(page: Page, columns = ['window_start', 'campaign_item_id', 'bids']): Promise<Map<string, number>> {
  type Row = { querySelector(selector: string): { getAttribute(name: string): string | null } | null }
  const cells = await page
    .locator('[data-testid="sql-rows"] tr')
    .evaluateAll(
      (rows: Row[], names: string[]) => rows.map((tr) => names.map((c) => tr.querySelector(`td[data-column="${c}"]`)?.getAttribute('data-value') ?? '')),
      columns,
    )
  return new Map(cells.map(([start, key, count]) => [`${start}|${key}`, Number(count)]))
}

const sorted = (m: Map<string, number>) => JSON.stringify([...m].sort())

t.test('the SQL page runs a query live, charts it, and shows a refusal at its position', { skip: skipWithoutChromium() }, async (t) => {
  const { platform, openPage } = await pageTestPlatform(t)
  const firstMinute = Math.floor(Date.now() / 60_000) * 60_000 - 6 * 60_000
  const { events, unique, expected } = traffic(firstMinute)
  await postEvents(platform.url, events, 100)

  const { page, problems } = await openPage((response) => response.status() === 400 && response.url().endsWith('/sql/live'))
  // The page's query requests: each must end (closed by the page) once a new query replaces it.
  const live = new Map<object, 'open' | 'ended'>()
  page.on('request', (request) => {
    if (request.url().endsWith('/sql/live')) live.set(request, 'open')
  })
  const ended = (request: object) => {
    if (live.has(request)) live.set(request, 'ended')
  }
  page.on('requestfinished', ended)
  page.on('requestfailed', ended)
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`)
  })

  await page.goto(`${platform.url}/sql`)
  const example = page.locator(`[data-testid="sql-examples"] button[data-example="${EXAMPLE}"]`)
  await waitFor('the examples', async () => (await example.count()) === 1)
  t.equal(await page.locator('[data-testid="sql-examples"] button').count(), SQL_EXAMPLES.length, 'every example offered')
  await example.click()
  t.equal(await page.getByTestId('sql-input').inputValue(), SQL_EXAMPLES[EXAMPLE]!.sql, 'a click fills the box')
  await page.getByTestId('sql-run').click()

  await waitFor('the table to show every window with the brute-force counts', async () => sorted(await shownCounts(page)) === sorted(expected), 30_000).catch(
    async (e: unknown) => {
      throw new Error(
        `${(e as Error).message}: shown ${sorted(await shownCounts(page))} want ${sorted(expected)}; status ${await page.getByTestId('sql-status').textContent()}; ${problems.join('; ')}`,
      )
    },
  )
  t.pass('the table holds the brute-force counts')
  t.equal(await page.getByTestId('sql-status').getAttribute('data-state'), 'running')
  t.match(await page.getByTestId('sql-plan').textContent(), /tumbling 1 min/, 'the plan is shown')

  const minutes = new Set([...expected.keys()].map((k) => k.split('|')[0])).size
  await waitFor('the chart of bids over window_start', async () => (await page.getByTestId('sql-chart').getAttribute('data-points')) === String(minutes))
  t.equal(await page.getByTestId('sql-chart-column').inputValue(), 'bids', 'the numeric column is charted')
  t.equal(await page.locator('[data-testid="sql-chart"] canvas').count(), 1, 'the chart is drawn')
  t.match(await page.locator('[data-testid="sql-chart"] .u-legend').textContent(), /campaign_item_id=500/, 'a line per campaign')

  // A late bid for the first minute: its row is replaced, not added.
  const key = `${firstMinute}|500`
  await postEvents(platform.url, [{ type: 'bid', tx_id: 'page-late', campaign_item_id: 500, app_uid: 'u', win_price: 1, ts: firstMinute + 5 }], 1)
  const want = new Map(expected).set(key, (expected.get(key) ?? 0) + 1)
  await waitFor('the late bid to update its row', async () => sorted(await shownCounts(page)) === sorted(want), 30_000)
  t.equal(await page.locator('[data-testid="sql-rows"] tr').count(), want.size, 'one row per window and campaign')

  await mkdir(join(ROOT, 'test-output'), { recursive: true })
  await page.screenshot({ path: SCREENSHOT, fullPage: true })
  if (process.env.SDP_DOCS_SCREENSHOT === '1') await copyFile(SCREENSHOT, DOCS_SCREENSHOT)
  t.same([...live.values()], ['open'], 'one query request open')

  // Another example replaces the running query; Stop ends it.
  await page.locator('[data-testid="sql-examples"] button[data-example="1"]').click()
  await page.getByTestId('sql-run').click()
  const byType = perType([...unique, { type: 'bid', ts: firstMinute + 5 }])
  await waitFor('the events per type and minute', async () => sorted(await shownCounts(page, ['window_start', 'type', 'events'])) === sorted(byType), 30_000)
  t.pass('the second example shows the brute-force counts per type')
  await waitFor('the first query to be closed', () => JSON.stringify([...live.values()]) === '["ended","open"]')
  t.pass('the first query was closed when the second started')
  await page.getByTestId('sql-stop').click()
  await waitFor('Stop to close the query', () => [...live.values()].every((state) => state === 'ended'))
  t.equal(await page.getByTestId('sql-status').getAttribute('data-state'), 'stopped')

  // A refused query: the message at its line and column, the offending part marked under the box and selected in it.
  const bad = SQL_EXAMPLES[EXAMPLE]!.sql.replace('window_end, campaign_item_id', 'window_end, nope')
  await page.getByTestId('sql-input').fill(bad)
  await page.getByTestId('sql-run').click()
  await waitFor('the refusal', async () => (await page.getByTestId('sql-status').getAttribute('data-state')) === 'refused')
  const error = page.getByTestId('sql-error')
  t.ok(await error.isVisible(), 'the error is shown')
  t.same({ line: await error.getAttribute('data-line'), column: await error.getAttribute('data-column') }, { line: '3', column: '36' })
  t.equal(await page.getByTestId('sql-error-mark').textContent(), 'nope', 'the offending part is marked')
  t.match(await page.getByTestId('sql-error-message').textContent(), /^Line 3, column 36: unknown column 'nope'/)
  const selection = await page
    .getByTestId('sql-input')
    .evaluate((box: { selectionStart: number; selectionEnd: number; value: string }) => box.value.slice(box.selectionStart, box.selectionEnd))
  t.equal(selection, 'nope', 'and selected in the box')
  t.equal(await page.getByTestId('sql-input').getAttribute('aria-invalid'), 'true')
  t.same([...live.values()], ['ended', 'ended', 'ended'], 'the refused query left nothing open')
  t.ok(await page.getByTestId('sql-table').isHidden(), "the stopped query's rows are not shown under the refused one")
  await page.screenshot({ path: SCREENSHOT.replace('.png', '-error.png'), fullPage: true })
  t.same(problems, [], 'no script or console errors')
})
