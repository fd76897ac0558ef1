// The cost model: both reporting stages' measured work per invocation, priced at AWS list prices,
// as the monthly cost of the aggregation tier at 1 K, 10 K and 100 K events/s with 100 and 10,000
// campaigns, next to a right-sized Managed Flink job plus the result writes any engine needs; and
// the whole platform's bill around it.
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { DEFAULT_ASSUMPTIONS, STACK_DEPLOYMENT, type Workload } from './cost/costModel.js'
import { costRow, freshestMeetingTargets, lowestRatio, type CostRow, type StageMeasurements } from './cost/costRows.js'
import { costReport } from './cost/costReport.js'
import { measurePipeline, type PipelineMeasurement } from './cost/measurePipeline.js'
import { DEFAULT_PLATFORM_ASSUMPTIONS } from './cost/platformBill.js'
import { AWS_PRICES } from './cost/prices.js'

const RATES = [1_000, 10_000, 100_000] as const
const CAMPAIGNS = [100, 10_000] as const

/** Fresher settings than the defaults, shown beside them. */
const FRESHER = [
  { stage1: { windowSeconds: 60, maxBatchingWindowSeconds: 5 }, stage2: { maxBatchingWindowSeconds: 1 } },
  { stage1: { windowSeconds: 120, maxBatchingWindowSeconds: 10 }, stage2: { maxBatchingWindowSeconds: 1 } },
  { stage1: { windowSeconds: 300, maxBatchingWindowSeconds: 10 }, stage2: { maxBatchingWindowSeconds: 1 } },
] as const

export const costModelSuite: BenchmarkSuite = {
  name: 'cost-model',
  async run({ quick }) {
    const measured = new Map<number, PipelineMeasurement>()
    for (const campaigns of CAMPAIGNS) {
      const options = quick
        ? { batchSizes: [1_000, 2_000], windows: 1, invocationsPerWindow: 2, campaigns, mergeInvocationsPerWindow: 2 }
        : { batchSizes: [1_000, 10_000], windows: 3, invocationsPerWindow: 3, campaigns, mergeInvocationsPerWindow: 2 }
      measured.set(campaigns, await measurePipeline(options))
    }
    const measuredFor = (w: Workload): StageMeasurements => measured.get(w.campaigns) as StageMeasurements
    const first = measured.get(CAMPAIGNS[0]) as PipelineMeasurement
    const eventsPerTransaction = 2
    const workloads = RATES.flatMap((eventsPerSecond) =>
      CAMPAIGNS.map((campaigns): Workload => ({ eventsPerSecond, campaigns, recordBytes: first.stage1.meanRecordBytes, eventsPerTransaction })),
    )
    const rows = workloads.map((w) => costRow(w, measuredFor(w), STACK_DEPLOYMENT))
    // Rows that miss their target: the freshest deployment at which each alone would meet it.
    const misses = rows
      .filter((r) => r.ratio > r.target)
      .map((r) => {
        const w = workloads[rows.indexOf(r)] as Workload
        return { row: r, meets: freshestMeetingTargets([w], measuredFor, STACK_DEPLOYMENT), closest: lowestRatio(w, measuredFor(w), STACK_DEPLOYMENT) }
      })
    // The defaults: the freshest deployment meeting every target the model can meet at once.
    const meetable = workloads.filter((w) => freshestMeetingTargets([w], measuredFor, STACK_DEPLOYMENT) !== undefined)
    const chosen = freshestMeetingTargets(meetable, measuredFor, STACK_DEPLOYMENT)
    // What fresher reports would cost: minute-class and a few steps between.
    const fresher = FRESHER.map((f) => {
      const deployment = { ...STACK_DEPLOYMENT, stage1: { ...STACK_DEPLOYMENT.stage1, ...f.stage1 }, stage2: { ...STACK_DEPLOYMENT.stage2, ...f.stage2 } }
      return { deployment, rows: workloads.map((w) => costRow(w, measuredFor(w), deployment)) }
    })
    const key = (r: CostRow) => `${r.eventsPerSecond / 1000}k_${r.campaigns}c`
    const metrics: Record<string, number> = {}
    for (const r of rows) {
      metrics[`tier${key(r)}Monthly`] = round(r.tier.total)
      metrics[`ratio${key(r)}`] = Number(r.ratio.toFixed(3))
    }
    metrics.freshnessSeconds = rows[0]?.tier.freshnessSeconds ?? 0
    metrics.stretchRowsMet = rows.filter((r) => r.ratio <= 0.5).length
    return [
      {
        name: 'cost-model',
        description:
          "monthly USD of the aggregation tier as the CDK defaults deploy it (stage-1 window Lambda + its join-index state on S3 + the partials stream + stage-2 merge Lambda + its state on S3 + DynamoDB result writes and dashboard reads) at 1 K / 10 K / 100 K events/s with 100 and 10,000 campaigns, from both handlers measured against kinesalite, dynalite and s3rver (stage 2 fed the very records stage 1 put on the partials stream) and AWS list prices (us-east-1), vs a right-sized Managed Flink job plus the result writes any engine needs; the whole platform's bill per row in the report",
        metrics,
        targets: rows.map((r) => target(`ratio${key(r)}`, r.ratio, '<=', r.target)),
        details: {
          rows: rows.map(roundRow),
          measured: Object.fromEntries(
            [...measured].map(([c, m]) => [
              c,
              { stage1: { ...m.stage1, partialsRecordsByWindow: undefined }, stage2: { ...m.stage2, invocations: m.stage2.invocations.slice(0, 6) } },
            ]),
          ),
          deployment: STACK_DEPLOYMENT,
          chosenBySearch: chosen ?? null,
          missedTargets: misses.map((m) => ({ row: key(m.row), ratio: Number(m.row.ratio.toFixed(3)), meetsAt: m.meets ?? null, closest: m.closest })),
          assumptions: DEFAULT_ASSUMPTIONS,
          platformAssumptions: DEFAULT_PLATFORM_ASSUMPTIONS,
          prices: AWS_PRICES,
        },
        report: costReport(rows, misses, STACK_DEPLOYMENT, chosen?.deployment, fresher),
      },
    ]
  },
}

const round = (n: number) => Math.round(n * 100) / 100

function roundRow(r: CostRow) {
  const cents = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]))
  return {
    eventsPerSecond: r.eventsPerSecond,
    campaigns: r.campaigns,
    ratio: Number(r.ratio.toFixed(3)),
    target: r.target,
    tier: cents(r.tier),
    baseline: cents(r.baseline),
    platform: cents(r.platform),
  }
}
