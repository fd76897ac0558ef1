// The baseline of every cost row: a right-sized Managed Service for Apache Flink job plus the
// DynamoDB writes any engine needs to serve the same reports at the same freshness.
import { writeUnits } from './billingUnits.js'
import { touchedKeys } from './billingUnits.js'
import { AWS_PRICES, FLINK_RECORDS_PER_KPU_SECOND, HOURS_PER_MONTH, flinkMinimumMonthly, type AwsPrices } from './prices.js'

/** One month of the baseline, USD unless named otherwise. */
export interface FlinkBaseline {
  /** Processing KPUs: ceil(events/s ÷ 22,900). */
  readonly processingKpus: number
  /** Processing KPUs + 1 orchestration KPU, 730 h at the KPU-hour price, + 50 GB per processing KPU; never below the minimum. */
  readonly flink: number
  /** (campaign, minute) keys changed per minute: one result write each, every minute. */
  readonly changedKeysPerMinute: number
  readonly resultWrites: number
  readonly total: number
}

/**
 * The right-sized Flink job at `eventsPerSecond`: `ceil(rate / 22,900)` processing KPUs plus one
 * orchestration KPU at $0.11 per KPU-hour, plus 50 GB of running storage per processing KPU at
 * $0.10 per GB-month, never below the $165.60 minimum; plus one 1-WRU write per (campaign,
 * minute) changed in each minute.
 *
 * @example
 * flinkBaseline(100_000, 100, 2).flink // 5 + 1 KPU × 730 h × 0.11 + 250 GB × 0.10 = 506.80
 */
export function flinkBaseline(eventsPerSecond: number, campaigns: number, eventsPerTransaction: number, prices: AwsPrices = AWS_PRICES): FlinkBaseline {
  const processingKpus = Math.max(1, Math.ceil(eventsPerSecond / FLINK_RECORDS_PER_KPU_SECOND))
  const flink = Math.max(
    flinkMinimumMonthly(prices),
    (processingKpus + 1) * HOURS_PER_MONTH * prices.flinkKpuHour.usd + 50 * processingKpus * prices.flinkRunningStorageGbMonth.usd,
  )
  // A campaign's events arrive as transactions; a minute's transactions touch this many campaigns.
  const changedKeysPerMinute = touchedKeys(campaigns, (eventsPerSecond * 60) / eventsPerTransaction)
  const resultWrites = changedKeysPerMinute * HOURS_PER_MONTH * 60 * writeUnits(1) * prices.dynamoWriteRequestUnit.usd
  return { processingKpus, flink, changedKeysPerMinute, resultWrites, total: flink + resultWrites }
}
