// The campaign dashboard: wires the panels to the platform API and refreshes them live.
import { ApiError, PlatformApi, type CampaignListResponse } from './api.js'
import { apiBase } from './apiBase.js'
import { CampaignDetail, type DetailSettings } from './CampaignDetail.js'
import { CampaignTable } from './CampaignTable.js'
import { countKpis, h, kpi } from './dom.js'
import { formatCount, formatInstant } from '../../src/reports/formatFigures.js'
import { HealthPanel } from './HealthPanel.js'
import { poll, type Poller } from './poller.js'
import { PriceCurvePanel } from './PriceCurvePanel.js'
import { DASHBOARD_PERIODS, RANGES, type DashboardPeriod, type RangeId } from '../../src/reports/chartSeries.js'
import { CAMPAIGN_ID_PATTERN } from '../../src/reports/responses.js'

/** How often each part refreshes, ms. */
const REFRESH = { list: 3000, metrics: 3000, detail: 5000 } as const

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

/** The curl lines of the empty state: one bid, its impression and its click. */
function emptyState(): HTMLElement {
  const base = apiBase()
  return h(
    'section',
    { class: 'card empty', hidden: true, 'data-testid': 'empty-state' },
    h('h2', {}, 'No campaign data yet'),
    h('p', {}, 'Send a few events and they appear here within a few seconds (one Lambda window):'),
    h(
      'pre',
      {},
      `curl -X POST ${new URL('bid', base)} -H 'content-type: application/json' \\\n  -d '{"tx_id":"tx-1","campaign_item_id":1463517,"domain":"example.com","app_uid":"u1","creative_id":"c1","creative_category":"news","win_price":4}'\ncurl -X POST ${new URL('impression', base)} -H 'content-type: application/json' -d '{"tx_id":"tx-1","win_price":3}'\ncurl -X POST ${new URL('click', base)} -H 'content-type: application/json' -d '{"tx_id":"tx-1"}'`,
    ),
  )
}

/** The page: the panels, the three polls that refresh them, pause and the selected campaign. */
class Dashboard {
  private readonly api = new PlatformApi(apiBase())
  private selected: number | null
  private lastList: CampaignListResponse | undefined
  private paused = false
  private readonly liveStatus = h('span', { class: 'live', 'data-testid': 'live-status' }, 'connecting…')
  private readonly pauseButton = h('button', { type: 'button', class: 'ghost', 'aria-pressed': 'false' }, 'Pause')
  private readonly banner = h('div', { class: 'banner', role: 'alert', hidden: true, 'data-testid': 'error-banner' })
  private readonly summary = h('div', { class: 'kpis summary', 'data-testid': 'summary' })
  private readonly empty = emptyState()
  private readonly table: CampaignTable
  private readonly detail: CampaignDetail
  private readonly curve = new PriceCurvePanel(this.api)
  private readonly health = new HealthPanel()
  private readonly content: HTMLElement
  private readonly polls: Record<'list' | 'metrics' | 'detail', Poller>

  constructor(root: HTMLElement) {
    const initial = readHash()
    this.selected = initial.campaign
    this.table = new CampaignTable({ onQuery: () => this.polls.list.kick(), onSelect: (id) => this.select(id) }, () => this.detail.current.zone)
    this.detail = new CampaignDetail(this.api, initial.settings, (settings) => {
      writeHash(this.selected, settings)
      this.polls.detail.kick()
      if (this.lastList) this.table.render(this.lastList, this.selected)
    })
    this.detail.element.append(this.curve.element)
    const campaignsCard = h('section', { class: 'card' }, h('h2', {}, 'Campaigns'), this.table.element)
    this.content = h(
      'div',
      { class: 'content' },
      h('div', { class: 'column' }, campaignsCard, this.health.element),
      h('div', { class: 'column wide' }, this.detail.element),
    )
    const title = h('h1', {}, 'Campaigns ', h('span', { class: 'muted' }, '· streaming data platform'))
    const sqlLink = h('a', { href: 'sql', 'data-testid': 'sql-link' }, 'SQL')
    const header = h('header', { class: 'top' }, title, h('span', { class: 'spacer' }), sqlLink, this.liveStatus, this.pauseButton)
    root.replaceChildren(header, this.banner, this.summary, this.empty, this.content)
    const fail = (error: unknown) => this.fail(error)
    this.polls = {
      list: poll(() => this.refreshList(), REFRESH.list, fail),
      metrics: poll(() => this.refreshMetrics(), REFRESH.metrics, fail),
      detail: poll(() => this.refreshDetail(), REFRESH.detail, fail),
    }
    if (this.selected !== null) void this.curve.show(this.selected)
    this.pauseButton.addEventListener('click', () => this.togglePause())
  }

  private async refreshList(): Promise<void> {
    if (this.paused) return
    const list = await this.api.campaigns(this.table.request)
    this.lastList = list
    this.summary.replaceChildren(kpi('summary-campaigns', 'Campaigns', formatCount(list.summary.campaigns)), ...countKpis('summary', list.summary))
    const none = list.summary.campaigns === 0
    this.empty.hidden = !none
    this.content.hidden = none
    this.summary.hidden = none
    this.table.render(list, this.selected)
    const first = list.items[0]
    if (this.selected === null && first) this.select(first.campaign_item_id)
    this.ok()
  }

  private async refreshMetrics(): Promise<void> {
    if (this.paused) return
    const [m, rates] = await Promise.all([this.api.metrics(), this.api.deadLetterRates()])
    this.health.render(m, rates)
    this.curve.follow(m.model.status === 'ready' ? m.model.version : null) // a new model: a new curve
  }

  private async refreshDetail(): Promise<void> {
    if (this.paused || this.selected === null) return
    await this.detail.load(this.selected)
  }

  private select(id: number): void {
    if (id === this.selected) return
    this.selected = id
    writeHash(this.selected, this.detail.current)
    if (this.lastList) this.table.render(this.lastList, this.selected)
    this.polls.detail.kick()
    void this.curve.show(id)
  }

  private togglePause(): void {
    this.paused = !this.paused
    this.pauseButton.textContent = this.paused ? 'Resume' : 'Pause'
    this.pauseButton.setAttribute('aria-pressed', String(this.paused))
    this.liveStatus.textContent = this.paused ? 'paused' : 'resuming…'
    if (!this.paused) for (const p of Object.values(this.polls)) p.kick()
  }

  private fail(error: unknown): void {
    this.banner.hidden = false
    this.banner.textContent =
      error instanceof ApiError
        ? `The API answered ${error.status}: ${error.message}`
        : `Cannot reach the platform API (${(error as Error).message}); retrying…`
    this.liveStatus.textContent = 'offline'
    this.liveStatus.classList.add('off')
  }

  private ok(): void {
    this.banner.hidden = true
    this.liveStatus.classList.remove('off')
    this.liveStatus.textContent = `live · updated ${formatInstant(Date.now(), this.detail.current.zone, true).slice(11)}`
  }
}

const root = document.getElementById('app')
if (root) new Dashboard(root)
