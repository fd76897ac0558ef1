import type { ConsumerDeadLetterRate, MetricsResponse } from './api.js'
import { h, replaceChildren } from './dom.js'
import { formatAgo, formatCount, formatDuration, formatFaults, formatPercent, formatRate, formatScore, NONE } from '../../src/reports/formatFigures.js'

/** Dead letters per record above which a consumer is shown in warning: the AWS alarm's default threshold. */
const DEAD_LETTER_RATE_WARNING = 0.01

/** Lag above which the handler is shown as behind (a few Lambda windows locally). */
const LAG_WARNING_MS = 30_000

/** Platform health from `GET /reports/metrics`: ingest rate, consumer lag, dead letters, compaction, the model. */
export class HealthPanel {
  readonly element: HTMLElement
  private readonly list: HTMLElement
  private readonly consumers: HTMLElement

  constructor() {
    this.list = h('dl', { class: 'health' })
    this.consumers = h('div', { class: 'consumers' })
    this.element = h('section', { class: 'card', 'data-testid': 'health' }, h('h2', {}, 'Platform health'), this.list, this.consumers)
  }

  /** `rates`: each consumer's dead-letter rate over the last minute, where the platform reports it. */
  render(m: MetricsResponse, rates: readonly ConsumerDeadLetterRate[] | null = null): void {
    const items = [...platformItems(m), ...deadLetterRateItem(rates), ...modelItems(m.model)]
    // Only the local fault mode injects faults: shown while it is on, with the spec to replay it.
    if (m.faults !== null) items.push(['health-faults', 'Faults injected', formatFaults(m.faults), 'warn'], ['health-faults-spec', 'SDP_FAULTS', m.faults.spec])
    replaceChildren(this.list, ...items.flatMap(([id, label, value, tone]) => [h('dt', {}, label), h('dd', { 'data-testid': id, class: tone }, value)]))
    replaceChildren(this.consumers, consumersView(m))
  }
}

/** One line of the panel: test id, label, value and an optional tone (`warn`). */
type HealthItem = [id: string, label: string, value: string, tone?: string]

const warnAbove = (ms: number | null): string | undefined => (ms !== null && ms > LAG_WARNING_MS ? 'warn' : undefined)

/** Ingest, lag, dead letters and compaction. */
function platformItems(m: MetricsResponse): HealthItem[] {
  const now = Date.parse(m.generated_at)
  const eps = m.ingest.events_per_second
  return [
    ['health-eps', 'Events ingested', eps === null ? NONE : `${formatRate(eps)} · ${formatCount(m.ingest.events_total)} total`],
    ['health-lag', 'Window handler lag', formatDuration(m.lag.window_handler_ms), warnAbove(m.lag.window_handler_ms)],
    ['health-report-lag', 'Report lag (both stages)', formatDuration(m.lag.report_ms), warnAbove(m.lag.report_ms)],
    ['health-dead-letters', 'Dead letters', deadLettersText(m.dead_letters, now), m.dead_letters.files ? 'warn' : undefined],
    ...bySourceItem(m.dead_letters),
    ['health-compaction', 'Last compaction', compactionText(m.compaction, now)],
  ]
}

function deadLettersText(dl: MetricsResponse['dead_letters'], now: number): string {
  if (dl.files === null) return NONE
  if (dl.files === 0) return 'none'
  return `${formatCount(dl.records)}${dl.complete ? '' : '+'} records in ${formatCount(dl.files)} files · last ${formatAgo(dl.latest_at, now)}`
}

/** Dead-letter files per consumer (`reporting`, `job-<name>`, …), so a job that dead-letters much shows which. */
function bySourceItem(dl: MetricsResponse['dead_letters']): HealthItem[] {
  const sources = Object.entries(dl.by_source).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  if (sources.length === 0) return []
  return [
    ['health-dead-letters-by-source', 'Dead-letter files by consumer', sources.map(([source, files]) => `${source} ${formatCount(files)}`).join(' · '), 'warn'],
  ]
}

/** The consumers that had records in the last minute, the highest dead-letter rate first. */
function deadLetterRateItem(rates: readonly ConsumerDeadLetterRate[] | null): HealthItem[] {
  if (rates === null) return []
  const busy = rates.filter((r) => r.records > 0).sort((a, b) => b.rate - a.rate || (a.name < b.name ? -1 : 1))
  const text =
    busy.length === 0 ? 'no records in the last minute' : busy.map((r) => `${r.name} ${formatPercent(r.rate)} of ${formatCount(r.records)}`).join(' · ')
  const warn = busy.some((r) => r.rate > DEAD_LETTER_RATE_WARNING) ? 'warn' : undefined
  return [['health-dead-letter-rate', 'Dead-letter rate, last minute', text, warn]]
}

function compactionText(c: MetricsResponse['compaction'], now: number): string {
  if (c === null) return 'none yet'
  return `${formatAgo(c.finished_at, now)} · ${formatCount(c.partitions_compacted)} partitions, ${formatCount(c.files_in)} → ${formatCount(c.files_out)} files`
}

/** The bid-win model's version and, once there is one, its scores. */
function modelItems(model: MetricsResponse['model']): HealthItem[] {
  if (model.status === 'none') return [['health-model', 'Bid-win model', 'no model yet']]
  if (model.status !== 'ready') return [['health-model', 'Bid-win model', `unavailable: ${model.message}`]]
  const { auc, log_loss, baseline_log_loss, win_rate } = model.metrics
  const worse = log_loss !== null && baseline_log_loss !== null && log_loss >= baseline_log_loss
  return [
    ['health-model', 'Bid-win model', `${model.version} · ${formatCount(model.examples)} examples`],
    ['health-auc', 'Progressive AUC', formatScore(auc)],
    ['health-logloss', 'Log loss (baseline)', `${formatScore(log_loss)} (${formatScore(baseline_log_loss)})`, worse ? 'warn' : undefined],
    ['health-winrate', 'Base win rate', formatPercent(win_rate)],
  ]
}

/** The stream consumers' table, or why there is none. */
function consumersView(m: MetricsResponse): HTMLElement {
  if (m.lag.consumers.length === 0) {
    const why = m.platform === null ? 'Stream consumer figures are not reported here (on AWS, see the CloudWatch dashboard).' : 'No stream consumers.'
    return h('p', { class: 'muted' }, why)
  }
  const head = ['Consumer', 'Lag', 'Invocations', 'Failures', 'Records'].map((c, i) => h('th', { class: i > 0 ? 'num' : undefined, scope: 'col' }, c))
  const rows = m.lag.consumers.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, c.name),
      h('td', { class: 'num' }, formatDuration(c.lag_ms)),
      h('td', { class: 'num' }, formatCount(c.invocations)),
      h('td', { class: c.failures > 0 ? 'num warn' : 'num' }, formatCount(c.failures)),
      h('td', { class: 'num' }, formatCount(c.records)),
    ),
  )
  return h('table', { class: 'grid compact' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows))
}
