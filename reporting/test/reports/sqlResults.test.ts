// The SQL page's pure parts: live rows kept by window, the chart's series, and the marked part of a refusal.
import t from 'tap'
import fc from 'fast-check'
import { LiveRows, chartData, chartableColumns, errorSpan, type ResultColumn } from '../../src/reports/sqlResults.js'

const COLUMNS: ResultColumn[] = [
  { name: 'window_start', role: 'window_start', type: 'number' },
  { name: 'campaign_item_id', role: 'key', type: 'number' },
  { name: 'bids', role: 'value', type: 'number' },
  { name: 'label', role: 'value', type: 'string' },
]
const update = (id: string, start: number, campaign: number, bids: number | null) => ({
  id,
  window_start: start,
  window_end: start + 60_000,
  row: bids === null ? null : { window_start: start, campaign_item_id: campaign, bids, label: 'x' },
})

t.test('live rows: replaced by id, withdrawn on null, newest window first then by key', async (t) => {
  const rows = new LiveRows(COLUMNS)
  rows.apply([update('a', 0, 2, 5), update('b', 0, 1, 3), update('c', 60_000, 9, 1)])
  rows.apply([update('a', 0, 2, 6)])
  t.equal(rows.size, 3, 'a window that fires again replaces its row')
  t.same(
    rows.sorted().map((r) => [r.windowStart, r.values.campaign_item_id, r.values.bids]),
    [
      [60_000, 9, 1],
      [0, 1, 3],
      [0, 2, 6],
    ],
  )
  rows.apply([update('b', 0, 1, null), update('never-sent', 0, 3, null)])
  t.same(
    rows.sorted().map((r) => r.id),
    ['c', 'a'],
  )
})

t.test('chart data: a line per key over window start, gaps as null, the largest lines kept', async (t) => {
  const rows = new LiveRows(COLUMNS)
  rows.apply([update('a', 0, 1, 5), update('b', 60_000, 1, 7), update('c', 60_000, 2, 1), update('d', 120_000, 3, 50)])
  t.same(chartableColumns(COLUMNS), ['bids'], 'computed numbers only')
  t.same(chartData(rows.sorted(), COLUMNS, 'bids'), {
    x: [0, 60_000, 120_000],
    series: [
      { label: 'campaign_item_id=1', values: [5, 7, null] },
      { label: 'campaign_item_id=2', values: [null, 1, null] },
      { label: 'campaign_item_id=3', values: [null, null, 50] },
    ],
    omitted: 0,
  })
  const two = chartData(rows.sorted(), COLUMNS, 'bids', 2)
  t.same(
    two.series.map((s) => s.label),
    ['campaign_item_id=1', 'campaign_item_id=3'],
  )
  t.equal(two.omitted, 1, 'the smallest line is left out and counted')
  const noKeys = COLUMNS.filter((c) => c.role !== 'key')
  t.same(chartData(rows.sorted(), noKeys, 'bids', 8).series[0]?.label, 'bids', 'without keys the line is the column')
  t.same(chartData([], COLUMNS, 'bids'), { x: [], series: [], omitted: 0 })
})

t.test('error span: the word, quoted string or character at line:column, nothing past the end', async (t) => {
  const sql = "SELECT window_start, COUNT(*) AS n\nFROM bids\nWHERE domain = 'a.com' AND nope"
  t.match(errorSpan(sql, 3, 28), { line: 3, column: 28, text: "WHERE domain = 'a.com' AND nope", start: 27, end: 31 })
  t.equal(sql.slice(errorSpan(sql, 3, 28).offset, errorSpan(sql, 3, 28).offset + 4), 'nope')
  const quoted = errorSpan(sql, 3, 16)
  t.equal(quoted.text.slice(quoted.start, quoted.end), "'a.com'")
  const paren = errorSpan(sql, 1, 27)
  t.equal(paren.text.slice(paren.start, paren.end), '(')
  t.match(errorSpan(sql, 2, 40), { line: 2, column: 10, start: 9, end: 9, length: 0 }, 'past the end of the line: an empty mark at its end')
  t.match(errorSpan(sql, 9, 1), { line: 3, column: 1 }, 'a line past the text: the last line')
})

t.test('error span: the marked part of the line is the same part of the query', async () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', "'", '(', '\n', '_') }), { maxLength: 6 }),
      fc.nat(8),
      fc.nat(40),
      (parts, line, column) => {
        const sql = parts.join('')
        const span = errorSpan(sql, line, column)
        if (sql.slice(span.offset, span.offset + span.length) !== span.text.slice(span.start, span.end)) throw new Error('offsets disagree')
        if (span.start > span.text.length || span.end > span.text.length || span.end < span.start) throw new Error('span outside its line')
      },
    ),
  )
})
