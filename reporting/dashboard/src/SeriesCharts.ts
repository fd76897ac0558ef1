import uPlot from 'uplot'
import { h } from './dom.js'
import type { SeriesColumns } from '../../src/reports/chartSeries.js'

const METRICS = [
  { key: 'bids', label: 'Bids', color: '#2563eb' },
  { key: 'imps', label: 'Impressions', color: '#16a34a' },
  { key: 'clicks', label: 'Clicks', color: '#ea580c' },
] as const

const HEIGHT = 150

/** Time axis labels, 24-hour and ISO dates (uPlot's table: tick size, label, then the label where a larger unit changes). */
export const TIME_LABELS: uPlot.Axis.Values = [
  [3600 * 24 * 365, '{YYYY}', null, null, null, null, null, null, 1],
  [3600 * 24 * 28, '{YYYY}-{MM}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600 * 24, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [1, ':{ss}', '\n{YYYY}-{MM}-{DD} {HH}:{mm}', null, '\n{MM}-{DD} {HH}:{mm}', null, '\n{HH}:{mm}', null, 1],
]

/** Bars of bids, impressions and clicks per period, one small chart each, with a shared cursor. */
export class SeriesCharts {
  readonly element: HTMLElement
  private charts: uPlot[] = []
  /** The time zone and period the charts were built for (the axis formatting depends on them). */
  private builtFor = ''
  private readonly observer: ResizeObserver

  constructor() {
    this.element = h('div', { class: 'series-charts', 'data-testid': 'series-charts' })
    this.observer = new ResizeObserver(() => {
      const width = this.width()
      for (const chart of this.charts) if (chart.width !== width) chart.setSize({ width, height: HEIGHT })
    })
    this.observer.observe(this.element)
  }

  /** Draws `columns`; rebuilt when the zone or period changed, otherwise only the data is replaced. */
  render(columns: SeriesColumns, zone: string, period: string): void {
    const key = `${zone}|${period}`
    if (key !== this.builtFor || this.charts.length === 0) this.build(zone, period)
    // a bucket without counts draws nothing rather than a flat stub
    for (const [i, metric] of METRICS.entries()) this.charts[i]?.setData([columns.x, columns[metric.key].map((v) => (v === 0 ? null : v))])
  }

  clear(): void {
    for (const chart of this.charts) chart.destroy()
    this.charts = []
    this.element.replaceChildren()
    this.builtFor = ''
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth)
  }

  private build(zone: string, period: string): void {
    this.clear()
    this.builtFor = `${zone}|${period}`
    const sync = uPlot.sync(`series-${Math.random()}`)
    for (const metric of METRICS) {
      const holder = h(
        'figure',
        { class: 'chart', 'data-metric': metric.key },
        h('figcaption', {}, `${metric.label} per ${period.toLowerCase().replace(/s$/, '')}`),
      )
      this.element.append(holder)
      const options: uPlot.Options = {
        width: this.width(),
        height: HEIGHT,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
        cursor: { sync: { key: sync.key }, points: { show: false } },
        legend: { show: true, live: true },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [
          { stroke: '#64748b', grid: { stroke: '#94a3b833' }, values: TIME_LABELS },
          { stroke: '#64748b', size: 50, grid: { stroke: '#94a3b833' } },
        ],
        series: [
          { label: 'time' },
          {
            label: metric.label,
            stroke: metric.color,
            fill: `${metric.color}55`,
            width: 1,
            paths: uPlot.paths.bars?.({ size: [0.7, 48], align: 1 }),
            points: { show: false },
          },
        ],
      }
      this.charts.push(new uPlot(options, [[], []], holder))
    }
  }
}
