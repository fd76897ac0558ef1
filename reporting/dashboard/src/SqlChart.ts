import uPlot from 'uplot'
import { h } from './dom.js'
import { TIME_LABELS } from './SeriesCharts.js'
import { chartableColumns, chartData, type LiveRow, type ResultColumn } from '../../src/reports/sqlResults.js'

const HEIGHT = 220
const COLORS = ['#2563eb', '#16a34a', '#ea580c', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#b45309']

/** A chosen numeric column of the live result over window start: a line per group of key values. */
export class SqlChart {
  readonly element: HTMLElement
  private readonly select = h('select', { 'aria-label': 'Column to chart', 'data-testid': 'sql-chart-column' })
  private readonly holder = h('div', { class: 'sql-chart', 'data-testid': 'sql-chart' })
  private readonly note = h('p', { class: 'muted', 'data-testid': 'sql-chart-note' })
  private chart: uPlot | undefined
  /** The series labels the chart was built for: new groups need a new chart. */
  private builtFor = ''
  private columns: readonly ResultColumn[] = []
  private rows: readonly LiveRow[] = []
  private readonly observer: ResizeObserver

  constructor(private readonly zone: string) {
    this.element = h(
      'section',
      { class: 'card' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Chart'), h('label', {}, 'column ', this.select)),
      this.holder,
      this.note,
    )
    this.select.addEventListener('change', () => this.draw(true))
    this.observer = new ResizeObserver(() => this.chart?.setSize({ width: this.width(), height: HEIGHT }))
    this.observer.observe(this.holder)
  }

  reset(columns: readonly ResultColumn[]): void {
    this.columns = columns
    this.rows = []
    const names = chartableColumns(columns)
    this.select.replaceChildren(...names.map((n) => h('option', { value: n }, n)))
    this.select.disabled = names.length === 0
    this.draw(true)
  }

  render(rows: readonly LiveRow[]): void {
    this.rows = rows
    this.draw(false)
  }

  private width(): number {
    return Math.max(240, this.holder.clientWidth)
  }

  private draw(rebuild: boolean): void {
    const column = this.select.value
    if (column === '') return this.clear('The query has no numeric column to chart.')
    const data = chartData(this.rows, this.columns, column)
    if (data.x.length === 0) return this.clear('The chart appears when the first window fires.')
    const labels = data.series.map((s) => s.label).join('\n')
    if (rebuild || labels !== this.builtFor || this.chart === undefined)
      this.build(
        column,
        data.series.map((s) => s.label),
      )
    this.builtFor = labels
    this.holder.dataset.points = String(data.x.length)
    this.chart?.setData([data.x.map((x) => x / 1000), ...data.series.map((s) => [...s.values])])
    this.note.textContent = data.omitted > 0 ? `${data.omitted} smaller groups not drawn.` : ''
  }

  private clear(message: string): void {
    this.chart?.destroy()
    this.chart = undefined
    this.builtFor = ''
    delete this.holder.dataset.points
    this.note.textContent = message
  }

  private build(column: string, labels: readonly string[]): void {
    this.chart?.destroy()
    const zone = this.zone
    this.chart = new uPlot(
      {
        width: this.width(),
        height: HEIGHT,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
        legend: { show: true, live: true },
        // from zero, so counts read as sizes; negative values widen it downwards
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.1 || 1] } },
        axes: [
          { stroke: '#64748b', grid: { stroke: '#94a3b833' }, values: TIME_LABELS },
          { stroke: '#64748b', size: 50, grid: { stroke: '#94a3b833' }, label: column },
        ],
        series: [
          { label: 'window_start' },
          ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: true, size: 5 }, spanGaps: false })),
        ],
      },
      [[], ...labels.map(() => [])],
      this.holder,
    )
  }
}
