// Period reports read from roll-ups must answer exactly what summing every stored period into
// its bucket answers (the reports' definition), in any zone — :30 and :45 offsets and DST changes
// included — for any unit, range and order.
import t from 'tap'
import fc from 'fast-check'
import { deepStrictEqual } from 'node:assert'
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb'
import { resultsTableDefinition } from '@sdp/stream-runtime'
import { ReportService } from '../../src/reports/ReportService.js'
import { bucketStart, formatInZone, PERIOD_UNITS } from '../../src/reports/periodBuckets.js'
import { startDynamo } from '../../../test-support/localServices.js'
import { ResultsWriter } from '../../../test-support/resultsWriter.js'

const ZONES = ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham']
/** From the 2026 March DST changes over 100 days, across month ends, minute periods. */
const BASE = Date.UTC(2026, 2, 28)
const SPAN_MINUTES = 60 * 24 * 100

/** Element-wise sum into five counts, a missing element counting 0. */
const add = (into: readonly number[], counts: readonly number[]): number[] => into.map((x, i) => x + (counts[i] ?? 0))

t.test('period reports equal the brute-force bucketing of every stored period', async (t) => {
  const ddb = await startDynamo()
  t.teardown(() => ddb.close())
  let run = 0
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          minute: fc.integer({ min: 0, max: SPAN_MINUTES }),
          counts: fc.oneof(
            // stored before walk-ins were counted, by the ad-tech job, or by the walk-in join
            fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9)),
            fc.tuple(fc.constant(0), fc.constant(0), fc.constant(0), fc.nat(9), fc.nat(9)),
          ),
        }),
        {
          minLength: 1,
          maxLength: 40,
        },
      ),
      fc.array(
        fc.record({
          period: fc.constantFrom(...PERIOD_UNITS),
          timezone: fc.constantFrom(...ZONES),
          from: fc.option(fc.integer({ min: -600, max: SPAN_MINUTES }), { nil: undefined }),
          length: fc.option(fc.integer({ min: 1, max: SPAN_MINUTES }), { nil: undefined }),
          desc: fc.boolean(),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      async (periods, queries) => {
        const tableName = `reports-${run++}`
        await ddb.createTable(resultsTableDefinition(tableName))
        try {
          const writer = new ResultsWriter(ddb.dynamodb, tableName)
          await writer.write(
            periods.map((p, i) => ({
              id: `s:${i + 1}-${i + 1}`,
              key: 7,
              window: { start: BASE + p.minute * 60_000, end: BASE + (p.minute + 1) * 60_000 },
              accumulator: p.counts,
            })),
          )
          const reports = new ReportService(writer.table)
          for (const q of queries) {
            const from = q.from === undefined ? Number.MIN_SAFE_INTEGER : BASE + q.from * 60_000 + 17_000
            const to = q.length === undefined ? Number.MAX_SAFE_INTEGER : from === Number.MIN_SAFE_INTEGER ? BASE + q.length * 60_000 : from + q.length * 60_000
            const query = { campaignItemId: 7, period: q.period, timezone: q.timezone, from, to, desc: q.desc }
            const expected = new Map<number, number[]>()
            for (const p of periods) {
              const start = BASE + p.minute * 60_000
              if (start < from || start >= to) continue
              const b = bucketStart(start, q.period, q.timezone)
              expected.set(b, add(expected.get(b) ?? [0, 0, 0, 0, 0], p.counts))
            }
            const rows = [...expected]
              .sort((a, b) => (q.desc ? b[0] - a[0] : a[0] - b[0]))
              .map(([start, [bids, imps, clicks, walkins, walkin_clicks]]) => ({
                period: formatInZone(start, q.timezone),
                start,
                bids,
                imps,
                clicks,
                walkins,
                walkin_clicks,
              }))
            deepStrictEqual(await reports.periods(query), rows, JSON.stringify(query))
          }
          const [bids, imps, clicks, walkins, walkin_clicks] = periods.reduce<number[]>((s, p) => add(s, p.counts), [0, 0, 0, 0, 0])
          deepStrictEqual(await reports.totals(7), { campaign_item_id: 7, bids, imps, clicks, walkins, walkin_clicks })
        } finally {
          await ddb.dynamodb.send(new DeleteTableCommand({ TableName: tableName }))
        }
      },
    ),
    { numRuns: 40 },
  )
  t.pass('every answer equals the brute-force bucketing')
})
