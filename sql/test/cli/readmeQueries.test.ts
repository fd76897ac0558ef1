// The README's streaming SQL section shows queries with the tables `--bounded` prints for the
// events it names: each query here runs over those events, as the bounded mode runs it, and its
// table must be the one the README shows.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { QueryRun, compileQuery, type StreamRecord } from '@sdp/sql'
import { formatRows } from '../../cli/src/formatRows.js'
import { displayRow } from '../../cli/src/runSqlCli.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const section = readme.slice(readme.indexOf('## Streaming SQL'), readme.indexOf('### The SQL page'))

/** The README's events in the order it posts them, stamped one second apart in the minute its tables show. */
function events(): Array<Record<string, unknown>> {
  const tx = '44db4cf3-c372-4f7c-8443-9d2a1e725473'
  const gettingStarted = [
    { type: 'bid', tx_id: tx, domain: 'www.google.com', app_uid: 'e582f2a0', campaign_item_id: 1463517 },
    { type: 'click', tx_id: tx },
    { type: 'imp', tx_id: tx, win_price: 1 },
  ]
  const posted = JSON.parse(/```json\n(\[[\s\S]*?\])\n```/.exec(section)?.[1] ?? '[]') as Array<Record<string, unknown>>
  const first = Date.parse('2026-12-07T07:08:10Z')
  return [...gettingStarted, ...posted].map((e, i) => ({ ...e, ts: first + i * 1000 }))
}

t.test("every query of the README's SQL section prints the table shown under it", async (t) => {
  const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```\n```\n([\s\S]*?)```/g)]
  t.equal(blocks.length, 4, 'the section shows four queries with their tables')
  const records: StreamRecord[] = events().map((e, i) => ({
    SequenceNumber: String(i + 1).padStart(20, '0'),
    PartitionKey: String(e.tx_id),
    Data: Buffer.from(JSON.stringify(e)),
  }))
  for (const [, sql, shown] of blocks) {
    const query = compileQuery(sql ?? '')
    const run = new QueryRun(query)
    run.add('shardId-000000000000', records)
    run.finish()
    const printed = formatRows(
      'table',
      query.columns,
      run.rows().map((r) => displayRow(query, r)),
    )
    t.equal(printed, shown, (sql ?? '').split('\n')[0] ?? '')
  }
})
