import type { CampaignListRequest, CampaignListResponse, CampaignSortKey, CampaignSummary } from './api.js'
import { h, replaceChildren } from './dom.js'
import { formatBucket, formatCount, formatPercent } from '../../src/reports/formatFigures.js'
import { CAMPAIGN_ID_MAX_DIGITS } from '../../src/reports/responses.js'

const COLUMNS: ReadonlyArray<{ key: CampaignSortKey; label: string; cell: (c: CampaignSummary, zone: string) => string; numeric: boolean }> = [
  { key: 'campaign_item_id', label: 'Campaign', cell: (c) => String(c.campaign_item_id), numeric: false },
  { key: 'bids', label: 'Bids', cell: (c) => formatCount(c.bids), numeric: true },
  { key: 'imps', label: 'Impressions', cell: (c) => formatCount(c.imps), numeric: true },
  { key: 'clicks', label: 'Clicks', cell: (c) => formatCount(c.clicks), numeric: true },
  { key: 'win_rate', label: 'Win rate', cell: (c) => formatPercent(c.win_rate), numeric: true },
  { key: 'ctr', label: 'CTR', cell: (c) => formatPercent(c.ctr), numeric: true },
  { key: 'last_period', label: 'Last active', cell: (c, zone) => formatBucket(c.last_period, 'MINUTES', zone), numeric: false },
]

/** What the table tells the page. */
export interface CampaignTableEvents {
  /** The search, sort or page changed: fetch {@link CampaignTable.request} again. */
  readonly onQuery: () => void
  readonly onSelect: (campaign: number) => void
}

/**
 * The campaign list: a search box, a table sortable by every column, keyset paging (the cursors
 * of the pages seen so far are kept, so Previous works), and a selected row.
 */
export class CampaignTable {
  readonly element: HTMLElement
  private search = ''
  private sort: CampaignSortKey = 'bids'
  private order: 'asc' | 'desc' = 'desc'
  private limit = 25
  /** `cursors[i]` opens page i. */
  private cursors: Array<string | null> = [null]
  private page = 0
  private readonly head: HTMLTableRowElement
  private readonly body: HTMLTableSectionElement
  private readonly status: HTMLElement
  private readonly previous: HTMLButtonElement
  private readonly next: HTMLButtonElement
  private nextCursor: string | null = null
  private debounce: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly events: CampaignTableEvents,
    private readonly zone: () => string,
  ) {
    const input = h('input', {
      type: 'search',
      placeholder: 'Search campaign id…',
      inputmode: 'numeric',
      'aria-label': 'Search campaigns by id',
      'data-testid': 'campaign-search',
    })
    input.addEventListener('input', () => {
      clearTimeout(this.debounce)
      this.debounce = setTimeout(() => {
        this.search = input.value.replace(/\D/g, '').slice(0, CAMPAIGN_ID_MAX_DIGITS)
        this.restart()
      }, 250)
    })
    const size = h(
      'select',
      { 'aria-label': 'Campaigns per page' },
      ...[25, 50, 100].map((n) => h('option', { value: n, selected: n === this.limit }, `${n} / page`)),
    )
    size.addEventListener('change', () => {
      this.limit = Number(size.value)
      this.restart()
    })
    this.head = h('tr')
    this.body = h('tbody', { 'data-testid': 'campaign-rows' })
    this.status = h('span', { class: 'muted', 'data-testid': 'campaign-count' })
    this.previous = h('button', { type: 'button', onclick: () => this.go(-1) }, '‹ Previous')
    this.next = h('button', { type: 'button', onclick: () => this.go(1), 'data-testid': 'campaign-next' }, 'Next ›')
    this.element = h(
      'div',
      { class: 'campaigns' },
      h('div', { class: 'toolbar' }, input, size),
      h('div', { class: 'table-scroll' }, h('table', { class: 'grid' }, h('thead', {}, this.head), this.body)),
      h('div', { class: 'pager' }, this.status, h('span', { class: 'spacer' }), this.previous, this.next),
    )
    this.renderHead()
  }

  /** The list request for the current search, sort and page. */
  get request(): CampaignListRequest {
    return { search: this.search, sort: this.sort, order: this.order, limit: this.limit, cursor: this.cursors[this.page] ?? null }
  }

  render(list: CampaignListResponse, selected: number | null): void {
    this.nextCursor = list.next_cursor
    const zone = this.zone()
    replaceChildren(
      this.body,
      ...list.items.map((c) => {
        const row = h(
          'tr',
          {
            tabindex: 0,
            'data-campaign': c.campaign_item_id,
            'aria-selected': c.campaign_item_id === selected,
            class: c.campaign_item_id === selected ? 'selected' : undefined,
          },
          ...COLUMNS.map((col) => h('td', { class: col.numeric ? 'num' : undefined, 'data-column': col.key }, col.cell(c, zone))),
        )
        row.addEventListener('click', () => this.events.onSelect(c.campaign_item_id))
        row.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault()
            this.events.onSelect(c.campaign_item_id)
          }
        })
        return row
      }),
    )
    if (list.items.length === 0)
      replaceChildren(this.body, h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted center' }, `No campaign id contains “${this.search}”.`)))
    const first = this.page * this.limit
    this.status.textContent =
      list.total === 0 ? '0 campaigns' : `${formatCount(first + 1)}–${formatCount(first + list.items.length)} of ${formatCount(list.total)} campaigns`
    this.previous.disabled = this.page === 0
    this.next.disabled = list.next_cursor === null
  }

  private renderHead(): void {
    replaceChildren(
      this.head,
      ...COLUMNS.map((col) => {
        const active = col.key === this.sort
        const arrow = active ? (this.order === 'asc' ? ' ▲' : ' ▼') : ''
        const button = h('button', { type: 'button', class: 'sort', 'data-sort': col.key, onclick: () => this.sortBy(col.key) }, col.label + arrow)
        return h(
          'th',
          { class: col.numeric ? 'num' : undefined, 'aria-sort': active ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none', scope: 'col' },
          button,
        )
      }),
    )
  }

  private sortBy(key: CampaignSortKey): void {
    if (key === this.sort) this.order = this.order === 'asc' ? 'desc' : 'asc'
    else {
      this.sort = key
      this.order = key === 'campaign_item_id' ? 'asc' : 'desc'
    }
    this.renderHead()
    this.restart()
  }

  private go(step: 1 | -1): void {
    if (step === 1) {
      if (this.nextCursor === null) return
      this.cursors[this.page + 1] = this.nextCursor
      this.page += 1
    } else if (this.page > 0) this.page -= 1
    this.events.onQuery()
  }

  private restart(): void {
    this.cursors = [null]
    this.page = 0
    this.events.onQuery()
  }
}
