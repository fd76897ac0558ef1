import type { MetricsResponse } from './api.js'
import { h, replaceChildren } from './dom.js'
import { formatAgo, formatCount, formatDuration, formatFaults, formatPercent, formatRate, formatScore, NONE } from '../../src/reports/formatFigures.js'

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

  render(m: MetricsResponse): void {
    const now = Date.parse(m.generated_at)
    const lag = m.lag.window_handler_ms
    const dl = m.dead_letters
    const model = m.model
    const items: Array<[string, string, string, string?]> = [
      [
        'health-eps',
        'Events ingested',
        m.ingest.events_per_second === null ? NONE : `${formatRate(m.ingest.events_per_second)} · ${formatCount(m.ingest.events_total)} total`,
      ],
      ['health-lag', 'Window handler lag', formatDuration(lag), lag !== null && lag > LAG_WARNING_MS ? 'warn' : undefined],
      [
        'health-report-lag',
        'Report lag (both stages)',
        formatDuration(m.lag.report_ms),
        m.lag.report_ms !== null && m.lag.report_ms > LAG_WARNING_MS ? 'warn' : undefined,
      ],
      [
        'health-dead-letters',
        'Dead letters',
        dl.files === null
          ? NONE
          : dl.files === 0
            ? 'none'
            : `${formatCount(dl.records)}${dl.complete ? '' : '+'} records in ${formatCount(dl.files)} files · last ${formatAgo(dl.latest_at, now)}`,
        dl.files ? 'warn' : undefined,
      ],
      [
        'health-compaction',
        'Last compaction',
        m.compaction === null
          ? 'none yet'
          : `${formatAgo(m.compaction.finished_at, now)} · ${formatCount(m.compaction.partitions_compacted)} partitions, ${formatCount(m.compaction.files_in)} → ${formatCount(m.compaction.files_out)} files`,
      ],
      [
        'health-model',
        'Bid-win model',
        model.status === 'ready'
          ? `${model.version} · ${formatCount(model.examples)} examples`
          : model.status === 'none'
            ? 'no model yet'
            : `unavailable: ${model.message}`,
      ],
    ]
    if (model.status === 'ready') {
      const { auc, log_loss, baseline_log_loss, win_rate } = model.metrics
      items.push(
        ['health-auc', 'Progressive AUC', formatScore(auc)],
        [
          'health-logloss',
          'Log loss (baseline)',
          `${formatScore(log_loss)} (${formatScore(baseline_log_loss)})`,
          log_loss !== null && baseline_log_loss !== null && log_loss >= baseline_log_loss ? 'warn' : undefined,
        ],
        ['health-winrate', 'Base win rate', formatPercent(win_rate)],
      )
    }
    // Only the local fault mode injects faults: shown while it is on, with the spec to replay it.
    if (m.faults !== null) items.push(['health-faults', 'Faults injected', formatFaults(m.faults), 'warn'], ['health-faults-spec', 'SDP_FAULTS', m.faults.spec])
    replaceChildren(this.list, ...items.flatMap(([id, label, value, tone]) => [h('dt', {}, label), h('dd', { 'data-testid': id, class: tone }, value)]))
    replaceChildren(
      this.consumers,
      m.lag.consumers.length === 0
        ? h(
            'p',
            { class: 'muted' },
            m.platform === null ? 'Stream consumer figures are not reported here (on AWS, see the CloudWatch dashboard).' : 'No stream consumers.',
          )
        : h(
            'table',
            { class: 'grid compact' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Consumer', 'Lag', 'Invocations', 'Failures', 'Records'].map((c, i) => h('th', { class: i > 0 ? 'num' : undefined, scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              ...m.lag.consumers.map((c) =>
                h(
                  'tr',
                  {},
                  h('td', {}, c.name),
                  h('td', { class: 'num' }, formatDuration(c.lag_ms)),
                  h('td', { class: 'num' }, formatCount(c.invocations)),
                  h('td', { class: c.failures > 0 ? 'num warn' : 'num' }, formatCount(c.failures)),
                  h('td', { class: 'num' }, formatCount(c.records)),
                ),
              ),
            ),
          ),
    )
  }
}
