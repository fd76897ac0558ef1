import uPlot from 'uplot'
import type { PlatformApi, PriceCurve } from './api.js'
import { h } from './dom.js'
import { formatPercent } from '../../src/reports/formatFigures.js'
import { priceSweep } from '../../src/reports/chartSeries.js'

const HEIGHT = 180

/**
 * The model's predicted win probability of a bid of the chosen campaign across a sweep of prices
 * (`POST /predictions` with the campaign and prices 0…max, every other bid field unknown), or
 * why there is no curve: no model yet, no predictions API, an error.
 */
export class PriceCurvePanel {
  readonly element: HTMLElement
  private readonly chartHolder: HTMLElement
  private readonly note: HTMLElement
  private readonly maxPrice: HTMLInputElement
  private chart: uPlot | undefined
  private campaign: number | null = null
  private loading = 0
  private inFlight = false
  /** The model version of the curve shown, null when none is. */
  shownVersion: string | null = null

  constructor(private readonly api: PlatformApi) {
    this.maxPrice = h('input', { type: 'number', min: 0.1, step: 0.5, value: 10, 'aria-label': 'Highest price of the sweep', class: 'narrow' })
    this.maxPrice.addEventListener('change', () => void this.refresh())
    this.chartHolder = h('div', { class: 'chart' })
    this.note = h('p', { class: 'muted', 'data-testid': 'price-curve-status', role: 'status' }, 'Choose a campaign.')
    this.element = h(
      'section',
      { class: 'price-curve', 'data-testid': 'price-curve' },
      h('header', { class: 'section-head' }, h('h3', {}, 'Predicted win probability by price'), h('label', {}, 'up to ', this.maxPrice)),
      this.chartHolder,
      this.note,
    )
    new ResizeObserver(() => this.chart?.setSize({ width: this.width(), height: HEIGHT })).observe(this.element)
  }

  /** Shows the curve of `campaign` (again: the model may have changed). */
  async show(campaign: number | null): Promise<void> {
    this.campaign = campaign
    await this.refresh()
  }

  /** Redraws when the published model is not the one drawn (the predictions API may lag a few seconds behind it). */
  follow(version: string | null): void {
    if (this.campaign !== null && !this.inFlight && this.element.dataset.state !== 'unavailable' && version !== this.shownVersion) void this.refresh()
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth)
  }

  private async refresh(): Promise<void> {
    const campaign = this.campaign
    if (campaign === null) return
    const max = Number(this.maxPrice.value)
    const prices = priceSweep(Number.isFinite(max) && max > 0 ? max : 10)
    const ticket = ++this.loading
    this.inFlight = true
    const curve = await this.api.priceCurve(campaign, prices).finally(() => (this.inFlight = ticket !== this.loading))
    if (ticket !== this.loading) return // a newer request answered or will answer
    this.shownVersion = curve.status === 'ok' ? curve.version : null
    this.draw(curve)
  }

  private draw(curve: PriceCurve): void {
    this.element.dataset.state = curve.status
    if (curve.status !== 'ok') {
      this.chart?.destroy()
      this.chart = undefined
      this.chartHolder.replaceChildren()
      this.note.textContent =
        curve.status === 'no-model'
          ? 'No model yet: the bid-win model learns from bids as they win or time out, and the curve appears once its first version is published.'
          : curve.message
      this.note.title = curve.message
      return
    }
    this.note.title = ''
    const low = curve.scores[0]
    const high = curve.scores.at(-1)
    this.note.textContent = `Model ${curve.version ?? '(unnamed)'}: ${formatPercent(low)} at price ${curve.prices[0]}, ${formatPercent(high)} at ${curve.prices.at(-1)}.`
    const data: uPlot.AlignedData = [[...curve.prices], [...curve.scores]]
    if (this.chart) {
      this.chart.setData(data)
      return
    }
    this.chart = new uPlot(
      {
        width: this.width(),
        height: HEIGHT,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [
          { stroke: '#64748b', label: 'price', grid: { stroke: '#94a3b833' } },
          { stroke: '#64748b', size: 50, values: (_u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`), grid: { stroke: '#94a3b833' } },
        ],
        series: [{ label: 'price' }, { label: 'P(win)', stroke: '#7c3aed', width: 2, fill: '#7c3aed22', value: (_u, v) => formatPercent(v) }],
      },
      data,
      this.chartHolder,
    )
  }
}
