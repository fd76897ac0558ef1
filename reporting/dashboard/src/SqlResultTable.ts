import { h } from './dom.js'
import { formatInstant } from '../../src/reports/formatFigures.js'
import type { LiveRow, ResultColumn, SqlCell } from '../../src/reports/sqlResults.js'

const cellText = (value: SqlCell, column: ResultColumn, zone: string): string =>
  value === null
    ? 'NULL'
    : (column.role === 'window_start' || column.role === 'window_end') && typeof value === 'number'
      ? formatInstant(value, zone, true)
      : String(value)

/** The live result: a row per window and key, newest window first; each cell keeps its raw value in `data-value`. */
export class SqlResultTable {
  readonly element: HTMLElement
  private readonly head = h('tr')
  private readonly body = h('tbody', { 'data-testid': 'sql-rows' })
  private readonly count = h('span', { class: 'muted', 'data-testid': 'sql-row-count' })
  private columns: readonly ResultColumn[] = []

  constructor(private readonly zone: string) {
    const table = h('table', { class: 'grid compact', 'data-testid': 'sql-table' }, h('thead', {}, this.head), this.body)
    this.element = h(
      'section',
      { class: 'card' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Result'), this.count),
      h('div', { class: 'table-scroll' }, table),
    )
  }

  reset(columns: readonly ResultColumn[]): void {
    this.columns = columns
    this.head.replaceChildren(
      ...columns.map((c) => h('th', { class: c.type === 'number' && c.role === 'value' ? 'num' : undefined, 'data-column': c.name }, c.name)),
    )
    this.render([])
  }

  render(rows: readonly LiveRow[]): void {
    this.count.textContent = `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`
    this.body.replaceChildren(
      ...rows.map((row) =>
        h(
          'tr',
          { 'data-id': row.id },
          ...this.columns.map((c) => {
            const value = row.values[c.name] ?? null
            return h(
              'td',
              { 'data-column': c.name, 'data-value': JSON.stringify(value), class: c.type === 'number' && c.role === 'value' ? 'num' : undefined },
              cellText(value, c, this.zone),
            )
          }),
        ),
      ),
    )
  }
}
