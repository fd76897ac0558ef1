// The campaign dashboard: wires the panels to the platform API and refreshes them live.
import { ApiError, PlatformApi, type CampaignListResponse } from './api.js'
import { CampaignDetail, type DetailSettings } from './CampaignDetail.js'
import { CampaignTable } from './CampaignTable.js'
import { countKpis, h, kpi } from './dom.js'
import { formatCount, formatInstant } from '../../src/reports/formatFigures.js'
import { HealthPanel } from './HealthPanel.js'
import { poll } from './poller.js'
import { PriceCurvePanel } from './PriceCurvePanel.js'
import { DASHBOARD_PERIODS, RANGES, type DashboardPeriod, type RangeId } from '../../src/reports/chartSeries.js'
import { CAMPAIGN_ID_PATTERN } from '../../src/reports/responses.js'

/** How often each part refreshes, ms. */
const REFRESH = { list: 3000, metrics: 3000, detail: 5000 } as const

/** The API lives beside the page unless `<meta name="sdp-api-base">` names another base (a static deployment). */
function apiBase(): string {
  const configured = document.querySelector<HTMLMetaElement>('meta[name="sdp-api-base"]')?.content.trim()
  const base = new URL(configured || '.', document.baseURI)
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  return base.toString()
}

/** Selection and settings kept in the URL fragment, so a reload or a shared link shows the same view. */
function readHash(): { campaign: number | null; settings: DetailSettings } {
  const p = new URLSearchParams(location.hash.slice(1))
  const campaign = CAMPAIGN_ID_PATTERN.test(p.get('campaign') ?? '') ? Number(p.get('campaign')) : null
  const period = (DASHBOARD_PERIODS as readonly string[]).includes(p.get('period') ?? '') ? (p.get('period') as DashboardPeriod) : 'MINUTES'
  const range = RANGES.some((r) => r.id === p.get('range')) ? (p.get('range') as RangeId) : '1h'
  const zone = p.get('tz') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  return { campaign, settings: { period, zone, range } }
}

function writeHash(campaign: number | null, s: DetailSettings): void {
  const p = new URLSearchParams({ ...(campaign === null ? {} : { campaign: String(campaign) }), period: s.period, tz: s.zone, range: s.range })
  history.replaceState(null, '', `#${p}`)
}

function start(root: HTMLElement): void {
  const api = new PlatformApi(apiBase())
  const initial = readHash()
  let selected = initial.campaign
  let lastList: CampaignListResponse | undefined
  let paused = false

  const liveStatus = h('span', { class: 'live', 'data-testid': 'live-status' }, 'connecting…')
  const pauseButton = h('button', { type: 'button', class: 'ghost', 'aria-pressed': 'false' }, 'Pause')
  const banner = h('div', { class: 'banner', role: 'alert', hidden: true, 'data-testid': 'error-banner' })
  const summary = h('div', { class: 'kpis summary', 'data-testid': 'summary' })
  const empty = h(
    'section',
    { class: 'card empty', hidden: true, 'data-testid': 'empty-state' },
    h('h2', {}, 'No campaign data yet'),
    h('p', {}, 'Send a few events and they appear here within a few seconds (one Lambda window):'),
    h(
      'pre',
      {},
      `curl -X POST ${new URL('bid', apiBase())} -H 'content-type: application/json' \\\n  -d '{"tx_id":"tx-1","campaign_item_id":1463517,"domain":"example.com","app_uid":"u1","creative_id":"c1","creative_category":"news","win_price":4}'\ncurl -X POST ${new URL('impression', apiBase())} -H 'content-type: application/json' -d '{"tx_id":"tx-1","win_price":3}'\ncurl -X POST ${new URL('click', apiBase())} -H 'content-type: application/json' -d '{"tx_id":"tx-1"}'`,
    ),
  )

  const table = new CampaignTable({ onQuery: () => listPoll.kick(), onSelect: (id) => select(id) }, () => detail.current.zone)
  const detail = new CampaignDetail(api, initial.settings, (settings) => {
    writeHash(selected, settings)
    detailPoll.kick()
    if (lastList) table.render(lastList, selected)
  })
  const curve = new PriceCurvePanel(api)
  detail.element.append(curve.element)
  const health = new HealthPanel()
  const campaignsCard = h('section', { class: 'card' }, h('h2', {}, 'Campaigns'), table.element)
  const content = h(
    'div',
    { class: 'content' },
    h('div', { class: 'column' }, campaignsCard, health.element),
    h('div', { class: 'column wide' }, detail.element),
  )
  root.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'Campaigns ', h('span', { class: 'muted' }, '· streaming data platform')),
      h('span', { class: 'spacer' }),
      liveStatus,
      pauseButton,
    ),
    banner,
    summary,
    empty,
    content,
  )

  const fail = (error: unknown) => {
    banner.hidden = false
    banner.textContent =
      error instanceof ApiError
        ? `The API answered ${error.status}: ${error.message}`
        : `Cannot reach the platform API (${(error as Error).message}); retrying…`
    liveStatus.textContent = 'offline'
    liveStatus.classList.add('off')
  }
  const ok = () => {
    banner.hidden = true
    liveStatus.classList.remove('off')
    liveStatus.textContent = `live · updated ${formatInstant(Date.now(), detail.current.zone, true).slice(11)}`
  }

  function select(id: number): void {
    if (id === selected) return
    selected = id
    writeHash(selected, detail.current)
    if (lastList) table.render(lastList, selected)
    detailPoll.kick()
    void curve.show(id)
  }

  function renderSummary(list: CampaignListResponse): void {
    summary.replaceChildren(kpi('summary-campaigns', 'Campaigns', formatCount(list.summary.campaigns)), ...countKpis('summary', list.summary))
  }

  const listPoll = poll(
    async () => {
      if (paused) return
      const list = await api.campaigns(table.request)
      lastList = list
      renderSummary(list)
      const none = list.summary.campaigns === 0
      empty.hidden = !none
      content.hidden = none
      summary.hidden = none
      table.render(list, selected)
      const first = list.items[0]
      if (selected === null && first) select(first.campaign_item_id)
      ok()
    },
    REFRESH.list,
    fail,
  )
  const metricsPoll = poll(
    async () => {
      if (paused) return
      const m = await api.metrics()
      health.render(m)
      curve.follow(m.model.status === 'ready' ? m.model.version : null) // a new model: a new curve
    },
    REFRESH.metrics,
    fail,
  )
  const detailPoll = poll(
    async () => {
      if (paused || selected === null) return
      await detail.load(selected)
    },
    REFRESH.detail,
    fail,
  )
  if (selected !== null) void curve.show(selected)

  pauseButton.addEventListener('click', () => {
    paused = !paused
    pauseButton.textContent = paused ? 'Resume' : 'Pause'
    pauseButton.setAttribute('aria-pressed', String(paused))
    liveStatus.textContent = paused ? 'paused' : 'resuming…'
    if (!paused) for (const p of [listPoll, metricsPoll, detailPoll]) p.kick()
  })
}

const root = document.getElementById('app')
if (root) start(root)
