// The dashboard SQL page's pure parts: the live rows kept by window, the chart's series, and where a
// refusal points in the query text. Here rather than beside the page so they are unit-tested (no DOM).

/** A value of a result row. */
export type SqlCell = number | string | boolean | null

/** A column of the result, as `POST /sql/live`'s `start` event names it. */
export interface ResultColumn {
  readonly name: string
  readonly role: 'window_start' | 'window_end' | 'key' | 'value'
  readonly type: 'number' | 'string' | 'boolean' | 'null'
}

/** One update of a `rows` event: a window's row, new or replacing the one with the same id; `row` null withdraws it. */
export interface RowUpdate {
  readonly id: string
  readonly window_start: number
  readonly window_end: number
  readonly row: Readonly<Record<string, SqlCell>> | null
}

/** A row on the page: its window and values. */
export interface LiveRow {
  readonly id: string
  readonly windowStart: number
  readonly windowEnd: number
  readonly values: Readonly<Record<string, SqlCell>>
}

const compareCells = (a: SqlCell, b: SqlCell): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))

/** The rows of a live query: one per window and key, replaced when the window fires again. */
export class LiveRows {
  private readonly byId = new Map<string, LiveRow>()

  constructor(readonly columns: readonly ResultColumn[]) {}

  get size(): number {
    return this.byId.size
  }

  apply(updates: readonly RowUpdate[]): void {
    for (const u of updates) {
      if (u.row === null) this.byId.delete(u.id)
      else this.byId.set(u.id, { id: u.id, windowStart: u.window_start, windowEnd: u.window_end, values: u.row })
    }
  }

  /** Newest window first; within a window, by the key columns, then the other columns. */
  sorted(): LiveRow[] {
    const order = [...this.columns.filter((c) => c.role === 'key'), ...this.columns.filter((c) => c.role !== 'key')].map((c) => c.name)
    return [...this.byId.values()].sort((a, b) => {
      if (a.windowStart !== b.windowStart) return b.windowStart - a.windowStart
      for (const name of order) {
        const c = compareCells(a.values[name] ?? null, b.values[name] ?? null)
        if (c !== 0) return c
      }
      return a.id.localeCompare(b.id)
    })
  }
}

/** The columns a chart can draw: computed numbers, not window bounds or keys. */
export const chartableColumns = (columns: readonly ResultColumn[]): string[] =>
  columns.filter((c) => c.role === 'value' && c.type === 'number').map((c) => c.name)

/** Lines of a chart over window start: one per group of key values. */
export interface ChartData {
  /** Window starts, ascending, epoch ms. */
  readonly x: readonly number[]
  readonly series: ReadonlyArray<{ readonly label: string; readonly values: ReadonlyArray<number | null> }>
  /** Groups left out to keep the chart readable (the smallest by their total). */
  readonly omitted: number
}

/**
 * `column` of every row over window start, a line per group of key values (at most `maxSeries`, the
 * largest by their total; the rest counted in `omitted`). A window without the group's row is null.
 */
export function chartData(rows: readonly LiveRow[], columns: readonly ResultColumn[], column: string, maxSeries = 8): ChartData {
  const keys = columns.filter((c) => c.role === 'key').map((c) => c.name)
  const x = [...new Set(rows.map((r) => r.windowStart))].sort((a, b) => a - b)
  const at = new Map(x.map((start, i) => [start, i]))
  const groups = new Map<string, { label: string; values: Array<number | null>; total: number }>()
  for (const row of rows) {
    const value = row.values[column]
    if (typeof value !== 'number') continue
    const label = keys.length === 0 ? column : keys.map((k) => `${k}=${String(row.values[k] ?? 'NULL')}`).join(' ')
    let group = groups.get(label)
    if (group === undefined) groups.set(label, (group = { label, values: x.map(() => null), total: 0 }))
    group.values[at.get(row.windowStart)!] = value
    group.total += Math.abs(value)
  }
  const ranked = [...groups.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))
  const kept = ranked.slice(0, maxSeries).sort((a, b) => a.label.localeCompare(b.label))
  return { x, series: kept.map(({ label, values }) => ({ label, values })), omitted: ranked.length - kept.length }
}

/** Where a refusal points: its line of the query, and the part of it to mark. */
export interface ErrorSpan {
  /** 1-based, as the compiler counts. */
  readonly line: number
  readonly column: number
  /** The text of that line. */
  readonly text: string
  /** The marked part of `text`: `[start, end)`, 0-based; empty at the end of the line. */
  readonly start: number
  readonly end: number
  /** The same part as offsets into the whole query, for the query box's selection. */
  readonly offset: number
  readonly length: number
}

/**
 * The part of `sql` a refusal at `line:column` names: the word or quoted string starting there, one
 * other character, or nothing past the end of the line (an incomplete query). Positions outside the
 * text are clamped to it.
 */
export function errorSpan(sql: string, line: number, column: number): ErrorSpan {
  const lines = sql.split('\n')
  const lineIndex = Math.min(Math.max(line, 1), lines.length) - 1
  const text = lines[lineIndex]!
  const start = Math.min(Math.max(column, 1) - 1, text.length)
  const rest = text.slice(start)
  const token = /^[A-Za-z0-9_$.]+|^'(?:[^']|'')*'?|^"[^"]*"?|^\S/.exec(rest)?.[0] ?? ''
  const offset = lines.slice(0, lineIndex).reduce((n, l) => n + l.length + 1, 0) + start
  return { line: lineIndex + 1, column: start + 1, text, start, end: start + token.length, offset, length: token.length }
}
