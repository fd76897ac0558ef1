import type { CampaignTotals, PeriodRow, PlatformApi } from './api.js'
import { countKpis, h, replaceChildren } from './dom.js'
import { formatBucket, formatCount } from '../../src/reports/formatFigures.js'
import { SeriesCharts } from './SeriesCharts.js'
import { DASHBOARD_PERIODS, RANGES, rangeStart, toColumns, type DashboardPeriod, type RangeId } from '../../src/reports/chartSeries.js'

/** What the detail view shows: bucket size, time zone and range. */
export interface DetailSettings {
  readonly period: DashboardPeriod
  readonly zone: string
  readonly range: RangeId
}

/** Rows the period table lists (the charts show every bucket). */
const TABLE_ROWS = 200

/** Zones offered first, by their current IANA names (browsers list some under older aliases, e.g. Asia/Calcutta). */
const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
]

/** UTC, the browser's own zone and the common ones first, then every other zone this browser knows. */
function timeZones(own: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [...new Set(['UTC', own, ...COMMON_ZONES, ...all])]
}

/**
 * The chosen campaign: its totals (`GET /reports/campaigns/{id}`), its bids, impressions and
 * clicks per period as charts and as a table (`GET /reports/campaigns/{id}/period`), with the
 * period, time zone and range controls.
 */
export class CampaignDetail {
  readonly element: HTMLElement
  private readonly title: HTMLElement
  private readonly kpis: HTMLElement
  private readonly charts = new SeriesCharts()
  private readonly table: HTMLTableSectionElement
  private readonly tableNote: HTMLElement
  private settings: DetailSettings
  private ticket = 0

  constructor(
    private readonly api: PlatformApi,
    initial: DetailSettings,
    private readonly onSettings: (settings: DetailSettings) => void,
  ) {
    this.settings = initial
    const select = (id: string, label: string, options: ReadonlyArray<[string, string]>, value: string, apply: (v: string) => DetailSettings) => {
      const element = h(
        'select',
        { 'data-testid': id, 'aria-label': label },
        ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      )
      element.addEventListener('change', () => {
        this.settings = apply(element.value)
        this.onSettings(this.settings)
      })
      return h('label', {}, `${label} `, element)
    }
    const zones = timeZones(Intl.DateTimeFormat().resolvedOptions().timeZone)
    this.title = h('h2', { 'data-testid': 'detail-title' }, 'Campaign')
    this.kpis = h('div', { class: 'kpis' })
    this.table = h('tbody', { 'data-testid': 'period-rows' })
    this.tableNote = h('p', { class: 'muted' })
    this.element = h(
      'section',
      { class: 'card detail', 'data-testid': 'detail' },
      h('header', { class: 'section-head' }, this.title, this.kpis),
      h(
        'div',
        { class: 'toolbar' },
        select(
          'period-select',
          'Period',
          DASHBOARD_PERIODS.map((p) => [p, p.charAt(0) + p.slice(1).toLowerCase()]),
          initial.period,
          (v) => ({ ...this.settings, period: v as DashboardPeriod }),
        ),
        select(
          'timezone-select',
          'Time zone',
          zones.map((z) => [z, z]),
          initial.zone,
          (v) => ({ ...this.settings, zone: v }),
        ),
        select(
          'range-select',
          'Range',
          RANGES.map((r) => [r.id, r.label]),
          initial.range,
          (v) => ({ ...this.settings, range: v as RangeId }),
        ),
      ),
      this.charts.element,
      h(
        'details',
        { class: 'period-table' },
        h('summary', {}, 'Counts per period'),
        h(
          'table',
          { class: 'grid compact' },
          h(
            'thead',
            {},
            h('tr', {}, ...['Period', 'Bids', 'Impressions', 'Clicks'].map((c, i) => h('th', { class: i > 0 ? 'num' : undefined, scope: 'col' }, c))),
          ),
          this.table,
        ),
        this.tableNote,
      ),
    )
  }

  get current(): DetailSettings {
    return this.settings
  }

  /** Loads and shows `campaign` with the current settings; a slower earlier load never overwrites a later one. */
  async load(campaign: number): Promise<void> {
    const ticket = ++this.ticket
    const { period, zone, range } = this.settings
    const to = Date.now() // no `to` is sent: a bucket stamped a little ahead of this clock still shows
    const from = rangeStart(range, period, zone, to)
    const [totals, series] = await Promise.all([this.api.campaign(campaign), this.api.periods(campaign, { period, timezone: zone, from })])
    if (ticket !== this.ticket) return
    this.renderTotals(totals)
    this.charts.render(toColumns(series.rows, period, zone, from, to), zone, period)
    this.renderTable(series.rows, period, zone)
    Object.assign(this.element.dataset, { campaign: String(campaign), period, zone, range })
  }

  private renderTotals(t: CampaignTotals): void {
    this.title.textContent = `Campaign ${t.campaign_item_id}`
    replaceChildren(this.kpis, ...countKpis('detail', t))
  }

  private renderTable(rows: readonly PeriodRow[], period: DashboardPeriod, zone: string): void {
    const latest = [...rows].sort((a, b) => b.start - a.start).slice(0, TABLE_ROWS)
    replaceChildren(
      this.table,
      ...latest.map((r) =>
        h(
          'tr',
          { 'data-start': r.start },
          h('td', {}, formatBucket(r.start, period, zone)),
          h('td', { class: 'num', 'data-column': 'bids' }, formatCount(r.bids)),
          h('td', { class: 'num', 'data-column': 'imps' }, formatCount(r.imps)),
          h('td', { class: 'num', 'data-column': 'clicks' }, formatCount(r.clicks)),
        ),
      ),
    )
    this.tableNote.textContent =
      rows.length === 0
        ? 'No counts in this range.'
        : rows.length > TABLE_ROWS
          ? `The latest ${TABLE_ROWS} of ${formatCount(rows.length)} periods.`
          : `${formatCount(rows.length)} periods with counts.`
  }
}
