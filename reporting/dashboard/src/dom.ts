// The few DOM helpers the panels share. Text always goes in as text, never as HTML.
import { rates, type Counts } from '../../src/reports/counts.js'
import { formatCount, formatPercent } from '../../src/reports/formatFigures.js'

type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>
type Child = Node | string | null | undefined | false

/** Creates an element: `on<event>` attributes become listeners, `true` an empty attribute, `false`/undefined nothing. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value)
    else if (value === true) element.setAttribute(name, '')
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value))
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child)
  return element
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false))
}

/** The element with `data-testid="id"` inside `root`; throws when the page was built without it. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const found = root.querySelector<T>(`[data-testid="${id}"]`)
  if (!found) throw new Error(`the dashboard has no element ${id}`)
  return found
}

/** A KPI tile: `label` over `value`; the value carries `data-testid="id"`. */
export function kpi(id: string, label: string, value: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value', 'data-testid': id }, value))
}

/** The tiles of `counts`: bids, impressions, clicks, win rate and CTR, test ids `<prefix>-bids` … `<prefix>-ctr`. */
export function countKpis(prefix: string, counts: Readonly<Pick<Counts, 'bids' | 'imps' | 'clicks'>>): HTMLElement[] {
  const { win_rate, ctr } = rates(counts)
  return [
    kpi(`${prefix}-bids`, 'Bids', formatCount(counts.bids)),
    kpi(`${prefix}-imps`, 'Impressions', formatCount(counts.imps)),
    kpi(`${prefix}-clicks`, 'Clicks', formatCount(counts.clicks)),
    kpi(`${prefix}-winrate`, 'Win rate', formatPercent(win_rate)),
    kpi(`${prefix}-ctr`, 'CTR', formatPercent(ctr)),
  ]
}
