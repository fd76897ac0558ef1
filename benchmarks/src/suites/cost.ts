// The cost model: the reporting window handler's measured work per invocation, priced at AWS list
// prices, as the monthly cost of the aggregation tier at 1 K, 10 K and 100 K events/s next to
// Managed Service for Apache Flink's minimum; and the join-index state backend per million events.
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { DEFAULT_ASSUMPTIONS, STACK_DEPLOYMENT, monthlyCost, roundCost, type Deployment, type MonthlyCost } from './cost/costModel.js'
import { measureWindowHandler } from './cost/measureWindowHandler.js'
import { AWS_PRICES, flinkMinimumMonthly } from './cost/prices.js'

const RATES = [1_000, 10_000, 100_000] as const
/** Campaigns with traffic in every window for the headline table; the details show others. */
const CAMPAIGNS = 100
/** A deployment tuned for cost: bigger batches gathered longer (fewer invocations and segment PUTs). */
const TUNED: Deployment = { ...STACK_DEPLOYMENT, batchSize: 10_000, maxBatchingWindowSeconds: 10 }

export const costModelSuite: BenchmarkSuite = {
  name: 'cost-model',
  async run({ quick }) {
    const measured = await measureWindowHandler(
      quick ? { batchSizes: [1_000, 2_000], windows: 1, invocationsPerWindow: 2, campaigns: 500 } : { batchSizes: [1_000, 10_000], windows: 5, invocationsPerWindow: 3, campaigns: 500 },
    )
    const workload = (eventsPerSecond: number, activeCampaigns = CAMPAIGNS) => ({ eventsPerSecond, recordBytes: measured.meanRecordBytes, activeCampaigns })
    const rows = RATES.map((rate) => roundCost(monthlyCost(workload(rate), measured)))
    const [k1, k10, k100] = rows as [MonthlyCost, MonthlyCost, MonthlyCost]
    const flink = flinkMinimumMonthly()
    const sensitivity = {
      campaigns: Object.fromEntries([10, 100, 1_000, 10_000].map((c) => [c, RATES.map((rate) => roundCost(monthlyCost(workload(rate, c), measured)).aggregationTier)])),
      tunedBatching: { deployment: TUNED, aggregationTier: RATES.map((rate) => roundCost(monthlyCost(workload(rate), measured, TUNED)).aggregationTier) },
      noExtraIoWait: RATES.map((rate) => roundCost(monthlyCost(workload(rate), measured, STACK_DEPLOYMENT, { ...DEFAULT_ASSUMPTIONS, extraIoMsPerInvocation: 0 })).aggregationTier),
    }
    const perMillion = k1.stateBackendPerMillionEvents
    return [
      {
        name: 'cost-model',
        description: `monthly USD of the aggregation tier (window Lambda + join-index state backend on S3 + DynamoDB partials) at 1 K / 10 K / 100 K events/s with ${CAMPAIGNS} active campaigns, from the handler's measured ms and requests per invocation and AWS list prices (us-east-1), vs Managed Flink's minimum $${flink.toFixed(2)}/month`,
        metrics: {
          flinkMinimumMonthly: Number(flink.toFixed(2)),
          aggregationTier1kMonthly: k1.aggregationTier,
          aggregationTier10kMonthly: k10.aggregationTier,
          aggregationTier100kMonthly: k100.aggregationTier,
          ratioToFlinkAt1k: k1.ratioToFlinkMinimum,
          stateBackendPerMillionEvents: perMillion,
          kinesis1kMonthly: k1.kinesis,
          lakeSink1kMonthly: k1.lakeSink,
          handlerMsPerRecord: Number(measured.msPerRecord.toFixed(4)),
          handlerFixedMs: Number(measured.fixedMs.toFixed(2)),
          handlerMs10kBatch: measured.medianMsByBatchSize['10000'] ?? Number.NaN,
        },
        targets: [target('ratioToFlinkAt1k', k1.ratioToFlinkMinimum, '<=', 0.2)],
        details: {
          rows,
          measured,
          deployment: STACK_DEPLOYMENT,
          assumptions: DEFAULT_ASSUMPTIONS,
          sensitivity,
          prices: AWS_PRICES,
          notes: [
            'aggregationTier excludes Kinesis (the same stream feeds Flink) and the lake sink (Flink would not write the lake); both are shown apart',
            'shards: provisioned, 1,000 records/s or 1 MiB/s each; an on-demand stream starts at 4 MB/s (reference §4.3)',
            'Lambda duration: local ms x cpuScale (1,769 MB = 1 vCPU) + extraIoMsPerInvocation; local ms include the in-process services standing in for S3 and DynamoDB',
            'DynamoDB: one partial per (campaign, period, shard, window); an item holds every shard\'s partials, so WRU per write grow with shards',
            'free tiers ignored; S3 storage of the state (a checkpoint of the join horizon) and DELETEs (free) not priced',
          ],
        },
      },
    ]
  },
}
