import { h } from './dom.js'
import type { QueryRefusal } from './liveQuery.js'
import { errorSpan } from '../../src/reports/sqlResults.js'

/** A query to start from, as `GET /sql/examples` lists them. */
export interface SqlExample {
  readonly title: string
  readonly sql: string
}

/** What the query box tells the page. */
export interface SqlQueryBoxEvents {
  readonly onRun: (sql: string) => void
  readonly onStop: () => void
}

/**
 * The query box: the text, Run (also Ctrl/⌘+Enter) and Stop, the examples (a click fills the box),
 * and a refusal shown at its position — the line under the box with the offending part marked and a
 * caret, the same part selected in the box.
 */
export class SqlQueryBox {
  readonly element: HTMLElement
  private readonly input = h('textarea', {
    rows: 8,
    spellcheck: false,
    'aria-label': 'Flink SQL query',
    'aria-describedby': 'sql-error',
    'data-testid': 'sql-input',
    placeholder: "SELECT window_start, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end",
  })
  private readonly run = h('button', { type: 'button', 'data-testid': 'sql-run' }, 'Run')
  private readonly stop = h('button', { type: 'button', class: 'ghost', disabled: true, 'data-testid': 'sql-stop' }, 'Stop')
  private readonly examples = h('ul', { class: 'sql-examples', 'data-testid': 'sql-examples' })
  private readonly error = h('div', { id: 'sql-error', class: 'sql-error', role: 'alert', hidden: true, 'data-testid': 'sql-error' })

  constructor(events: SqlQueryBoxEvents) {
    this.run.addEventListener('click', () => events.onRun(this.input.value))
    this.stop.addEventListener('click', () => events.onStop())
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault()
        events.onRun(this.input.value)
      }
    })
    this.input.addEventListener('input', () => this.clearError())
    this.element = h(
      'section',
      { class: 'card sql-query' },
      h('h2', {}, 'Query'),
      this.input,
      this.error,
      h(
        'div',
        { class: 'toolbar' },
        this.run,
        this.stop,
        h('span', { class: 'muted' }, 'Ctrl+Enter runs. Tables: bcns, bids, impressions, clicks; ts is event time.'),
      ),
      h('h3', {}, 'Examples'),
      this.examples,
    )
  }

  showExamples(examples: readonly SqlExample[]): void {
    this.examples.replaceChildren(
      ...examples.map((example, i) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'data-example': i,
              title: example.sql,
              onclick: () => ((this.input.value = example.sql), this.clearError(), this.input.focus()),
            },
            example.title,
          ),
        ),
      ),
    )
  }

  /** Whether a query runs: Stop is offered only then. */
  running(on: boolean): void {
    this.stop.disabled = !on
  }

  /** Shows the refusal under the box at its line and column, and selects the offending part in the box. */
  showRefusal(sql: string, refusal: QueryRefusal): void {
    const span = errorSpan(sql, refusal.line, refusal.column)
    const gutter = `${span.line} | `
    const mark = h('mark', { 'data-testid': 'sql-error-mark' }, span.text.slice(span.start, span.end))
    const caret = `${' '.repeat(gutter.length + span.start)}^${'~'.repeat(Math.max(0, span.end - span.start - 1))}`
    this.error.dataset.line = String(span.line)
    this.error.dataset.column = String(span.column)
    this.error.replaceChildren(
      h('p', { 'data-testid': 'sql-error-message' }, `Line ${span.line}, column ${span.column}: ${refusal.reason}`),
      h('pre', {}, gutter, span.text.slice(0, span.start), mark, span.text.slice(span.end), '\n', caret),
    )
    this.error.hidden = false
    this.input.setAttribute('aria-invalid', 'true')
    this.input.focus()
    this.input.setSelectionRange(span.offset, span.offset + span.length)
  }

  /** Shows a failure that has no position. */
  showFailure(message: string): void {
    delete this.error.dataset.line
    delete this.error.dataset.column
    this.error.replaceChildren(h('p', { 'data-testid': 'sql-error-message' }, message))
    this.error.hidden = false
  }

  clearError(): void {
    this.error.hidden = true
    this.error.replaceChildren()
    this.input.removeAttribute('aria-invalid')
  }
}
