// A report's latency is its round trips to the results table: totals take one, and a period
// report two, whatever the unit, zone and history — the cut hours are read alongside the days.
import t from 'tap'
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { resultsTableDefinition, type ResultsTable } from '@sdp/stream-runtime'
import { ReportService } from '../../src/reports/ReportService.js'
import { startDynamo } from '../../../test-support/localServices.js'
import { ResultsWriter } from '../../../test-support/resultsWriter.js'

type Reads = Pick<ResultsTable, 'totals' | 'hours' | 'days' | 'months' | 'hoursAt' | 'daysAt'>

/** `table`'s reads, counting the round trips: a call started after an earlier one ended opens a new one. */
function countingRoundTrips(table: Reads) {
  let ended = 0
  const rounds = new Set<number>()
  const wrap =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      rounds.add(ended)
      try {
        return await read(...args)
      } finally {
        ended++
      }
    }
  const reads: Reads = {
    totals: wrap((k) => table.totals(k)),
    hours: wrap((k, a, b) => table.hours(k, a, b)),
    days: wrap((k, a, b) => table.days(k, a, b)),
    months: wrap((k, a, b) => table.months(k, a, b)),
    hoursAt: wrap((k, s) => table.hoursAt(k, s)),
    daysAt: wrap((k, s) => table.daysAt(k, s)),
  }
  return { reads, take: () => rounds.size + (rounds.clear(), 0) }
}

t.test('totals take one round trip and period reports two', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.dynamodb.send(new CreateTableCommand(resultsTableDefinition('round-trips')))
  const writer = new ResultsWriter(ddb.dynamodb, 'round-trips')
  // One period every 37 minutes over 100 days, the last one mid-hour of a day with earlier hours:
  // months, cut days, cut hours, the latest day and the latest hour all have items to read.
  const base = Date.UTC(2026, 0, 1)
  const periods = Array.from({ length: 3_900 }, (_, i) => base + i * 37 * 60_000)
  await writer.write(periods.map((start, i) => ({ id: `s:${i + 1}-${i + 1}`, key: 7, window: { start, end: start + 60_000 }, accumulator: [1, 0, 0] })))
  const counter = countingRoundTrips(writer.table)
  const reports = new ReportService(counter.reads)

  t.equal((await reports.totals(7)).bids, periods.length)
  t.equal(counter.take(), 1, 'totals')
  const to = (periods.at(-1) as number) + 60_000
  for (const period of ['HOURS', 'DAYS', 'WEEKS', 'MONTHS'] as const) {
    for (const timezone of ['UTC', 'Asia/Kathmandu', 'America/New_York']) {
      const rows = await reports.periods({ campaignItemId: 7, period, timezone, from: base + 7 * 60_000, to, desc: false })
      t.equal(
        rows.reduce((n, r) => n + r.bids, 0),
        periods.length - 1,
        `${period} in ${timezone} counts every period in range`,
      )
      t.equal(counter.take(), 2, `${period} in ${timezone}`)
    }
  }
})
