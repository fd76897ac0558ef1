// Every refusal names the position (line:column) and what is wrong; nothing is compiled.
import t from 'tap'
import { SqlError, compileQuery } from '../../src/index.js'

const T = "FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
const G = 'GROUP BY window_start, window_end'
const JOIN = "FROM bids b JOIN clicks c ON b.tx_id = c.tx_id AND c.ts BETWEEN b.ts AND b.ts + INTERVAL '1' MINUTE"
const BY_CLICK_MINUTE = "GROUP BY TUMBLE(c.ts, INTERVAL '1' MINUTE)"

const AGG =
  "SELECT window_start, window_end, campaign_item_id, COUNT(*) AS bids, SUM(win_price) AS total FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, campaign_item_id"
const ROW = 'ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY bids DESC)'
/** A window Top-N with one part replaced: the ranking, the filter, the outer columns, the aggregate. */
const topN = (over = ROW, where = 'WHERE rownum <= 3', outer = '*', inner = AGG) =>
  `SELECT ${outer} FROM (SELECT window_start, window_end, campaign_item_id, bids, ${over} AS rownum FROM (${inner})) ${where}`

const cases: ReadonlyArray<readonly [string, string, string]> = [
  ['RANK() in a Top-N', topN(ROW.replace('ROW_NUMBER', 'RANK')), '1:73: not supported: RANK() OVER (a window Top-N ranks with ROW_NUMBER())'],
  ['DENSE_RANK() in a Top-N', topN(ROW.replace('ROW_NUMBER', 'DENSE_RANK')), '1:73: not supported: DENSE_RANK() OVER'],
  [
    'a Top-N partitioned without the window',
    topN(ROW.replace('window_start, window_end', 'campaign_item_id')),
    '1:105: a window Top-N must PARTITION BY window_start, window_end',
  ],
  ['a Top-N partitioned by window_start alone', topN(ROW.replace('window_start, window_end', 'window_start')), '1:105: a window Top-N must PARTITION BY'],
  ['a Top-N without PARTITION BY', topN('ROW_NUMBER() OVER (ORDER BY bids DESC)'), '1:91: a window Top-N needs PARTITION BY window_start, window_end'],
  ['a Top-N without ORDER BY', topN('ROW_NUMBER() OVER (PARTITION BY window_start, window_end)'), '1:91: a window Top-N needs ORDER BY'],
  ['a Top-N without a rownum filter', topN(ROW, ''), '1:1: a window Top-N keeps its rows with WHERE rownum <= N'],
  ['a Top-N filtered with rownum > N', topN(ROW, 'WHERE rownum > 3'), '1:388: not supported: WHERE rownum > 3'],
  ['a Top-N filtered with more than rownum <= N', topN(ROW, 'WHERE rownum <= 2 AND bids > 1'), '1:388: not supported: WHERE rownum <= 2 AND bids > 1'],
  ['a Top-N keeping no row', topN(ROW, 'WHERE rownum <= 0'), '1:388: not supported: WHERE rownum <= 0'],
  ['a Top-N ordered by a nullable column without NULLS FIRST|LAST', topN(ROW.replace('bids', 'total')), '1:139: total may be NULL: say where NULLs rank'],
  ['a Top-N ordered by an expression', topN(ROW.replace('bids DESC', 'bids + 1 DESC')), '1:139: not supported: ORDER BY bids + 1 DESC'],
  ['a Top-N with a window frame', topN(ROW.replace('DESC', 'DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW')), '1:149: not supported: ROWS BETWEEN'],
  ['a Top-N selecting an unknown column', topN(ROW, 'WHERE rownum <= 3', 'nope'), "1:8: unknown column 'nope': the ranking query has"],
  [
    'a Top-N over sessions',
    topN(ROW, 'WHERE rownum <= 3', '*', "SELECT tx_id, COUNT(*) AS bids FROM bcns GROUP BY SESSION(ts, INTERVAL '8' SECOND), tx_id"),
    '1:1: not supported: a window Top-N over SESSION windows',
  ],
  [
    'a row number named like a column',
    topN(ROW).replace('AS rownum', 'AS bids').replace('WHERE rownum', 'WHERE bids'),
    "1:67: the row number is named 'bids' like a column of the windowed aggregate",
  ],
  [
    'a ranking straight over a table',
    `SELECT * FROM (SELECT ts, ${ROW} AS rownum FROM bids) WHERE rownum <= 3`,
    '1:114: not supported: a ranking over a table',
  ],
  [
    'a subquery that is no ranking',
    `SELECT * FROM (SELECT window_start, bids FROM (${AGG})) WHERE bids > 3`,
    '1:23: not supported: a subquery in FROM without ROW_NUMBER()',
  ],
  ['a syntax error, as the parser reports it', 'SELEC campaign_item_id FROM bids', "1:1: syntax error: 'SELEC' is not valid at this position"],
  ['an empty query', '  ', '1:1: the query is empty'],
  [
    'a session on a key other than the partition key',
    "SELECT COUNT(*) FROM bids GROUP BY SESSION(ts, INTERVAL '10' SECOND), campaign_item_id",
    '1:27: SESSION windows per campaign_item_id: not supported yet: needs a raw repartition',
  ],
  [
    'a join on a key other than the partition key',
    `SELECT COUNT(*) FROM bids b JOIN clicks c ON b.app_uid = c.tx_id AND c.ts BETWEEN b.ts AND b.ts + INTERVAL '1' MINUTE ${BY_CLICK_MINUTE}`,
    '1:46: joins on app_uid = tx_id: not supported yet: needs a raw repartition',
  ],
  [
    'a CUMULATE size that is not a multiple of its step',
    `SELECT COUNT(*) FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(ts), INTERVAL '7' MINUTE, INTERVAL '1' HOUR)) ${G}`,
    "1:28: CUMULATE's size (3600000 ms) must be a whole multiple of its step (420000 ms)",
  ],
  ['RIGHT OUTER joins', `SELECT COUNT(*) ${JOIN.replace('JOIN', 'RIGHT OUTER JOIN')} ${BY_CLICK_MINUTE}`, '1:29: not supported: RIGHT OUTER JOIN'],
  ['RIGHT joins', `SELECT COUNT(*) ${JOIN.replace('JOIN', 'RIGHT JOIN')} ${BY_CLICK_MINUTE}`, '1:29: not supported: RIGHT JOIN'],
  ['FULL OUTER joins', `SELECT COUNT(*) ${JOIN.replace('JOIN', 'FULL OUTER JOIN')} ${BY_CLICK_MINUTE}`, '1:29: not supported: FULL OUTER JOIN'],
  [
    'a LEFT OUTER join windowed by the right side (NULL for a lost row)',
    `SELECT COUNT(*) ${JOIN.replace('JOIN', 'LEFT JOIN')} ${BY_CLICK_MINUTE}`,
    "1:122: group the LEFT OUTER join by b.ts: its rows have the left side's time",
  ],
  ['a query without a window', 'SELECT campaign_item_id, COUNT(*) FROM bids GROUP BY campaign_item_id', '1:45: not supported: a query without a window'],
  ['a column neither grouped nor aggregated', `SELECT domain, COUNT(*) ${T} ${G}`, "1:8: column 'domain' must be in GROUP BY or inside an aggregate"],
  ['an unknown table', "SELECT COUNT(*) FROM nope GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)", "1:22: unknown table 'nope'"],
  ['an unknown column', `SELECT COUNT(*) ${T} WHERE nope = 1 ${G}`, "1:91: unknown column 'nope'"],
  ['a comparison of a string with a number', `SELECT COUNT(*) ${T} WHERE domain = 1 ${G}`, '1:91: cannot compare string with number in domain = 1'],
  ['SUM of a string', `SELECT SUM(domain) ${T} ${G}`, '1:12: SUM needs a number, but domain is string'],
  ['MIN of a string', `SELECT MIN(domain) ${T} ${G}`, '1:12: MIN needs a number, but domain is string'],
  ['division (integer or decimal: the engines disagree)', `SELECT COUNT(*) ${T} WHERE win_price / 2 > 1 ${G}`, '1:91: not supported: the operator /'],
  ['LIKE', `SELECT COUNT(*) ${T} WHERE domain LIKE 'a%' ${G}`, "1:98: not supported: the predicate LIKE 'a%'"],
  ['IN lists', `SELECT COUNT(*) ${T} WHERE win_price IN (1, 2) ${G}`, '1:101: not supported: the predicate IN (1, 2)'],
  ['other functions', `SELECT UPPER(domain) ${T} ${G}`, '1:8: not supported: the function UPPER'],
  ['SELECT *', `SELECT * ${T} ${G}`, '1:8: not supported: * in SELECT'],
  ['ORDER BY', `SELECT COUNT(*) ${T} ${G} ORDER BY 1`, '1:119: not supported: ORDER BY 1'],
  ['a TVF grouped without both window bounds', `SELECT COUNT(*) ${T} GROUP BY window_start`, '1:85: a window TVF query must GROUP BY window_start, window_end'],
  [
    'a window on a column other than ts',
    `SELECT COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(app_uid), INTERVAL '1' MINUTE)) ${G}`,
    '1:47: TUMBLE needs DESCRIPTOR(ts)',
  ],
  ['a fractional interval', `SELECT COUNT(*) ${T.replace("'1'", "'1.5'")} ${G}`, '1:72: an interval must be a positive whole number, got 1.5'],
  ['months', `SELECT COUNT(*) ${T.replace('MINUTE', 'MONTH')} ${G}`, '1:76: not supported: the interval unit MONTH'],
  [
    'a HOP sliding further than its size',
    `SELECT COUNT(*) FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' MINUTE, INTERVAL '1' MINUTE)) ${G}`,
    "1:28: HOP's slide (120000 ms) must not be larger than its size (60000 ms)",
  ],
  [
    'join bounds that leave open which side is later',
    `SELECT COUNT(*) ${JOIN.replace('BETWEEN b.ts', "BETWEEN b.ts - INTERVAL '1' MINUTE")} ${BY_CLICK_MINUTE}`,
    '1:139: a windowed join needs bounds that say which side is later',
  ],
  [
    'a join windowed by the earlier side',
    `SELECT COUNT(*) ${JOIN} GROUP BY TUMBLE(b.ts, INTERVAL '1' MINUTE)`,
    "1:117: group the join by c.ts: a joined row's time is the later",
  ],
  [
    'a join without time bounds',
    `SELECT COUNT(*) FROM bids b JOIN clicks c ON b.tx_id = c.tx_id ${BY_CLICK_MINUTE}`,
    '1:46: the join condition must be b.tx_id = c.tx_id AND',
  ],
  [
    'a WHERE over both sides of a join',
    `SELECT COUNT(*) ${JOIN} WHERE b.ts < c.ts ${BY_CLICK_MINUTE}`,
    '1:123: not supported yet: a WHERE condition over both sides of a join',
  ],
  [
    'a join of a table with itself',
    `SELECT COUNT(*) FROM bcns b JOIN bcns c ON b.tx_id = c.tx_id AND c.ts BETWEEN b.ts AND b.ts + INTERVAL '1' MINUTE ${BY_CLICK_MINUTE}`,
    '1:34: not supported: a join of bcns with bcns',
  ],
  ['two statements', `SELECT COUNT(*) ${T} ${G}; SELECT 1`, '1:120: not supported: more than one statement'],
  ['INSERT', `INSERT INTO x SELECT COUNT(*) ${T} ${G}`, '1:1: not supported: INSERT statements'],
  ['SUM(DISTINCT ...)', `SELECT SUM(DISTINCT win_price) ${T} ${G}`, '1:8: not supported: SUM(DISTINCT ...)'],
  ['an aggregate in WHERE', `SELECT COUNT(*) ${T} WHERE COUNT(*) > 1 ${G}`, '1:91: not supported here: the function COUNT'],
  ['string concatenation', `SELECT COUNT(*) ${T} ${G}, domain || 'x'`, '1:120: not supported: the operator ||'],
]

const refusal = (sql: string): unknown => {
  try {
    compileQuery(sql)
  } catch (error) {
    return error
  }
  return undefined
}

for (const [what, sql, message] of cases) {
  t.test(`refuses ${what}`, async (t) => {
    const error = refusal(sql)
    t.type(error, SqlError)
    const [line, column] = message.split(':').map(Number)
    t.match(error, { line, column })
    t.equal((error as Error).message.slice(0, message.length), message)
  })
}

t.test('positions count lines and columns from 1 in a query over several lines', async (t) => {
  const sql = `SELECT campaign_item_id, COUNT(*) AS n\n${T}\nWHERE\n  domain = 7\n${G}, campaign_item_id`
  t.throws(() => compileQuery(sql), { name: 'SqlError', line: 4, column: 3, message: '4:3: cannot compare string with number in domain = 7' })
  t.throws(() => compileQuery("SELECT a\nFROM t WHERE x = 'a"), { name: 'SqlError', line: 2 })
})
