// The SQL page: a Flink SQL query run live over the platform's stream, its rows as windows fire, a chart.
import { apiBase } from './apiBase.js'
import { h } from './dom.js'
import { formatInstant } from '../../src/reports/formatFigures.js'
import { startLiveQuery, type LiveQuery } from './liveQuery.js'
import { SqlChart } from './SqlChart.js'
import { SqlQueryBox, type SqlExample } from './SqlQueryBox.js'
import { SqlResultTable } from './SqlResultTable.js'
import { LiveRows } from '../../src/reports/sqlResults.js'

type State = 'idle' | 'starting' | 'running' | 'refused' | 'failed' | 'stopped'

/** The page: one query at a time; a new one, Stop, or leaving the page closes the running one. */
class SqlPage {
  private readonly base = apiBase()
  private readonly zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  private readonly status = h('span', { class: 'live', 'data-testid': 'sql-status', 'data-state': 'idle' }, 'no query running')
  private readonly plan = h('pre', { 'data-testid': 'sql-plan' })
  private readonly planBox = h('details', { class: 'card', hidden: true }, h('summary', {}, 'Plan'), this.plan)
  private readonly box: SqlQueryBox
  private readonly table = new SqlResultTable(this.zone)
  private readonly chart = new SqlChart(this.zone)
  private readonly results = h('div', { class: 'sql-results', hidden: true })
  private current: LiveQuery | undefined
  /** Counts runs, so the callbacks of a query already replaced do nothing. */
  private generation = 0

  constructor(root: HTMLElement) {
    this.box = new SqlQueryBox({ onRun: (sql) => this.run(sql), onStop: () => this.stop() })
    const title = h('h1', {}, 'SQL ', h('span', { class: 'muted' }, '· live over the event stream'))
    const header = h('header', { class: 'top' }, title, h('span', { class: 'spacer' }), h('a', { href: './' }, 'Campaigns'), this.status)
    this.results.append(this.chart.element, this.table.element)
    root.replaceChildren(header, this.box.element, this.planBox, this.results)
    void this.loadExamples()
  }

  private async loadExamples(): Promise<void> {
    try {
      const response = await fetch(new URL('sql/examples', this.base), { headers: { accept: 'application/json' }, cache: 'no-store' })
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
      this.box.showExamples(((await response.json()) as { examples: SqlExample[] }).examples)
    } catch (error) {
      this.box.showFailure(`The examples could not be loaded (${(error as Error).message}); is this the local platform?`)
    }
  }

  private setState(state: State, text: string): void {
    this.status.dataset.state = state
    this.status.textContent = text
    this.status.classList.toggle('off', state !== 'running' && state !== 'starting')
    this.box.running(state === 'running' || state === 'starting')
  }

  private run(sql: string): void {
    this.current?.stop()
    const generation = ++this.generation
    const mine =
      <A extends unknown[]>(f: (...args: A) => void) =>
      (...args: A) => {
        if (generation === this.generation) f(...args)
      }
    this.box.clearError()
    // Results on the page are always those of the query in the box: hidden until the new one starts.
    this.results.hidden = true
    this.planBox.hidden = true
    this.setState('starting', 'starting…')
    let rows: LiveRows | undefined
    this.current = startLiveQuery(this.base, sql, {
      onStart: mine(({ columns, plan }) => {
        rows = new LiveRows(columns)
        this.table.reset(columns)
        this.chart.reset(columns)
        this.plan.textContent = plan
        this.planBox.hidden = false
        this.results.hidden = false
        this.setState('running', 'running · waiting for the first window to close')
      }),
      onRows: mine(({ updates, late }) => {
        if (rows === undefined) return
        rows.apply(updates)
        const sorted = rows.sorted()
        this.table.render(sorted)
        this.chart.render(sorted)
        const lateText = late > 0 ? ` · ${late} late events not counted` : ''
        this.setState('running', `running · ${sorted.length} rows · updated ${formatInstant(Date.now(), this.zone, true).slice(11)}${lateText}`)
      }),
      onRefused: mine((refusal) => {
        this.box.showRefusal(sql, refusal)
        this.setState('refused', 'the query was refused')
      }),
      onFailed: mine((message) => {
        this.box.showFailure(message)
        this.setState('failed', 'stopped by an error')
      }),
      onEnded: mine(() => this.setState('stopped', 'stopped: the platform ended the query')),
    })
  }

  private stop(): void {
    this.generation++
    this.current?.stop()
    this.current = undefined
    this.setState('stopped', 'stopped')
  }
}

const root = document.getElementById('app')
if (root) new SqlPage(root)
