// The rows of the cost table: each workload's aggregation tier, baseline, ratio, freshness and
// whole-platform bill; and the search for the deployment that meets the targets freshest.
import { aggregationTier, type AggregationTier } from './aggregationTier.js'
import { DEFAULT_ASSUMPTIONS, type Deployment, type MergeMeasurement, type ModelAssumptions, type WindowMeasurement, type Workload } from './costModel.js'
import { flinkBaseline, type FlinkBaseline } from './flinkBaseline.js'
import { platformBill, type PlatformBill } from './platformBill.js'

/** Both stages measured at one campaign count. */
export interface StageMeasurements {
  readonly stage1: WindowMeasurement
  readonly stage2: MergeMeasurement
}

/** One row of the table. */
export interface CostRow {
  readonly eventsPerSecond: number
  readonly campaigns: number
  readonly tier: AggregationTier
  readonly baseline: FlinkBaseline
  /** tier.total / baseline.total. */
  readonly ratio: number
  /** The target ratio: 0.2 at 1 K events/s, 1.0 above. */
  readonly target: number
  readonly platform: PlatformBill
}

/** The target of a row: ≤ 0.2× the baseline at 1 K events/s, ≤ 1.0× at 10 K and 100 K. */
export const targetRatio = (eventsPerSecond: number): number => (eventsPerSecond <= 1_000 ? 0.2 : 1.0)

/** A row from a workload and the measurement at its campaign count. */
export function costRow(workload: Workload, measured: StageMeasurements, deployment: Deployment, assumptions: ModelAssumptions = DEFAULT_ASSUMPTIONS): CostRow {
  const tier = aggregationTier(workload, measured.stage1, measured.stage2, deployment, assumptions)
  const baseline = flinkBaseline(workload.eventsPerSecond, workload.campaigns, workload.eventsPerTransaction)
  return {
    eventsPerSecond: workload.eventsPerSecond,
    campaigns: workload.campaigns,
    tier,
    baseline,
    ratio: tier.total / baseline.total,
    target: targetRatio(workload.eventsPerSecond),
    platform: platformBill(workload, measured.stage1, tier, deployment),
  }
}

/** Candidate settings: stage-1 window, stage-1 and stage-2 batching windows, batch sizes (the CDK ranges). */
const STAGE1_WINDOWS = [60, 120, 180, 300, 600, 900]
const BATCHING = [1, 5, 10, 30]
const MERGE_BATCHING = [1, 5, 10, 30, 60, 120, 300]
const BATCH_SIZES = [1_000, 10_000]

/** Every deployment of the grid around `base` (memory, stream modes and the stage-2 window kept). */
export function candidateDeployments(base: Deployment): Deployment[] {
  const out: Deployment[] = []
  for (const windowSeconds of STAGE1_WINDOWS)
    for (const b1 of BATCHING)
      for (const b2 of MERGE_BATCHING)
        for (const batch1 of BATCH_SIZES)
          for (const batch2 of BATCH_SIZES)
            out.push({
              ...base,
              stage1: { ...base.stage1, windowSeconds, maxBatchingWindowSeconds: b1, batchSize: batch1 },
              stage2: { ...base.stage2, maxBatchingWindowSeconds: b2, batchSize: batch2 },
            })
  return out
}

/**
 * The cheapest deployment at the best freshness that meets the target of every workload given:
 * fewest seconds of freshness first, then the lowest total of the tiers. Undefined if none does.
 */
export function freshestMeetingTargets(
  workloads: readonly Workload[],
  measuredFor: (w: Workload) => StageMeasurements,
  base: Deployment,
): { deployment: Deployment; freshnessSeconds: number } | undefined {
  let best: { deployment: Deployment; freshnessSeconds: number; cost: number } | undefined
  for (const deployment of candidateDeployments(base)) {
    const rows = workloads.map((w) => costRow(w, measuredFor(w), deployment))
    if (!rows.every((r) => r.ratio <= r.target)) continue
    const freshnessSeconds = rows[0]?.tier.freshnessSeconds ?? 0
    const cost = rows.reduce((s, r) => s + r.tier.total, 0)
    if (!best || freshnessSeconds < best.freshnessSeconds || (freshnessSeconds === best.freshnessSeconds && cost < best.cost))
      best = { deployment, freshnessSeconds, cost }
  }
  return best && { deployment: best.deployment, freshnessSeconds: best.freshnessSeconds }
}

/** The deployment with the lowest ratio for one workload, whatever its freshness: how close a row that no setting brings to its target comes. */
export function lowestRatio(
  workload: Workload,
  measured: StageMeasurements,
  base: Deployment,
): { deployment: Deployment; ratio: number; freshnessSeconds: number } {
  let best: { deployment: Deployment; ratio: number; freshnessSeconds: number } | undefined
  for (const deployment of candidateDeployments(base)) {
    const row = costRow(workload, measured, deployment)
    if (!best || row.ratio < best.ratio) best = { deployment, ratio: row.ratio, freshnessSeconds: row.tier.freshnessSeconds }
  }
  return best as { deployment: Deployment; ratio: number; freshnessSeconds: number }
}
