// A report's latency is its round trips to the results table: totals take one, and so does a
// period report over a bounded range, whatever the unit, zone and history — the head and the cut
// days and hours are read in one BatchGetItem alongside the months, so the round is two requests.
// Over all time the range is first narrowed to the campaign's span.
import t from 'tap'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ResultsTable, resultsTableDefinition } from '@sdp/stream-runtime'
import { ReportService, type ResultsReads } from '../../src/reports/ReportService.js'
import { PERIOD_UNITS } from '../../src/reports/periodBuckets.js'
import { startDynamo } from '../../../test-support/localServices.js'
import { ResultsWriter } from '../../../test-support/resultsWriter.js'

/** `table`'s reads, counting the round trips: a call started after an earlier one ended opens a new one. */
function countingRoundTrips(table: ResultsReads) {
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
  const reads: ResultsReads = {
    totals: wrap((k) => table.totals(k)),
    hours: wrap((k, a, b) => table.hours(k, a, b)),
    days: wrap((k, a, b) => table.days(k, a, b)),
    months: wrap((k, a, b) => table.months(k, a, b)),
    head: wrap((k) => table.head(k)),
    itemsAt: wrap((k, w) => table.itemsAt(k, w)),
  }
  return { reads, take: () => rounds.size + (rounds.clear(), 0) }
}

/** A client that counts the requests it sends. */
function countingRequests(dynamodb: Pick<DynamoDBClient, 'send'>) {
  let sent = 0
  const client: Pick<DynamoDBClient, 'send'> = { send: ((command: never) => (sent++, dynamodb.send(command))) as DynamoDBClient['send'] }
  return { client, take: () => sent + ((sent = 0), 0) }
}

t.test('totals take one round trip, and so do period reports over a bounded range: two requests', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  await ddb.createTable(resultsTableDefinition('round-trips'))
  const writer = new ResultsWriter(ddb.dynamodb, 'round-trips')
  // One period every 37 minutes over 100 days, the last one mid-hour of a day with earlier hours:
  // months, cut days, cut hours, the latest day and the latest hour all have items to read.
  const base = Date.UTC(2026, 0, 1)
  const periods = Array.from({ length: 3_900 }, (_, i) => base + i * 37 * 60_000)
  await writer.write(periods.map((start, i) => ({ id: `s:${i + 1}-${i + 1}`, key: 7, window: { start, end: start + 60_000 }, accumulator: [1, 0, 0] })))
  const requests = countingRequests(ddb.dynamodb)
  const counter = countingRoundTrips(new ResultsTable({ dynamodb: requests.client, tableName: 'round-trips' }))
  const reports = new ReportService(counter.reads)

  t.equal((await reports.totals(7)).bids, periods.length)
  t.same([counter.take(), requests.take()], [1, 1], 'totals')
  const to = (periods.at(-1) as number) + 60_000
  const count = async (period: (typeof PERIOD_UNITS)[number], timezone: string, from: number, to: number) => {
    const rows = await reports.periods({ campaignItemId: 7, period, timezone, from, to, desc: false })
    return { bids: rows.reduce((n, r) => n + r.bids, 0), rounds: counter.take(), requests: requests.take() }
  }
  // Day buckets off UTC midnight cut a UTC day and hour each: 101 of each are more than one BatchGetItem takes.
  const cutDays: Record<string, number> = { UTC: 0, 'Asia/Kathmandu': 2, 'America/New_York': 1 }
  for (const period of PERIOD_UNITS) {
    for (const timezone of ['UTC', 'Asia/Kathmandu', 'America/New_York']) {
      const more = period === 'DAYS' ? (cutDays[timezone] as number) : 0
      t.same(
        await count(period, timezone, base + 7 * 60_000, to),
        { bids: periods.length - 1, rounds: 1, requests: 2 + more },
        `${period} in ${timezone} over 100 days`,
      )
      const allTime = period === 'MINUTES' || period === 'HOURS' ? { rounds: 1, requests: 2 } : { rounds: 2, requests: 3 + more }
      t.same(
        await count(period, timezone, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
        { bids: periods.length, ...allTime },
        `${period} in ${timezone} over all time`,
      )
    }
  }
})

t.test('a report read while stage 2 moves to a new month counts the state before that write', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  const day = Date.UTC(2026, 4, 31)
  const first = [day + 5 * 3_600_000, day + 9 * 3_600_000 + 60_000].map((start, i) => ({
    id: `s:${i + 1}-${i + 1}`,
    key: 7,
    window: { start, end: start + 60_000 },
    accumulator: [1, 0, 0],
  }))
  const next = { id: 's:3-3', key: 7, window: { start: day + 86_400_000 + 3_600_000, end: day + 86_400_000 + 3_660_000 }, accumulator: [1, 0, 0] }
  const tables = await Promise.all(
    ['before-write', 'after-write'].map(async (name) => {
      await ddb.createTable(resultsTableDefinition(name))
      return new ResultsWriter(ddb.dynamodb, name)
    }),
  )
  const [before, after] = tables as [ResultsWriter, ResultsWriter]
  await before.write(first)
  await after.write(first)
  await after.write([next])
  // The head was read before the write; the months, days and hours after it.
  const racing: ResultsReads = Object.assign(Object.create(after.table) as ResultsReads, {
    head: before.table.head.bind(before.table),
    itemsAt: async (key: string, wanted: Parameters<ResultsTable['itemsAt']>[1]) => ({
      ...(await after.table.itemsAt(key, wanted)),
      head: wanted.head ? await before.table.head(key) : undefined,
    }),
  })
  const expected = {
    HOURS: [
      [day + 5 * 3_600_000, 1],
      [day + 9 * 3_600_000, 1],
    ],
    DAYS: [[day, 2]],
    MONTHS: [[Date.UTC(2026, 4, 1), 2]],
  }
  for (const period of ['HOURS', 'DAYS', 'MONTHS'] as const) {
    const rows = await new ReportService(racing).periods({ campaignItemId: 7, period, timezone: 'UTC', from: day, to: day + 7 * 86_400_000, desc: false })
    t.same(
      rows.map((r) => [r.start, r.bids]),
      expected[period],
      `${period}: the stored day and month count the old head's once, the new head not yet`,
    )
  }
})
