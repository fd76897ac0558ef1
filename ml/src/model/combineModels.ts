import type { FtrlConfig } from './FtrlConfig.js'
import { FtrlModel } from './FtrlModel.js'

/**
 * Combines learners that trained on disjoint examples (one per shard) by adding their
 * per-coordinate FTRL state: `z = Σ z_s`, `n = Σ n_s`.
 *
 * Why no update is lost: each learner's state is the sum of the increments its own examples
 * produced (`n` gains `g²`, `z` gains `g − σ·w` per example and coordinate — see
 * `FtrlModel.update` with a prior), so the sum holds every example's increment exactly once,
 * whichever shard trained it. Gradients were computed against the combined model the shard last
 * saw (its prior), as in asynchronous data-parallel SGD; they are never dropped or counted twice.
 * Adding is commutative, and the caller fixes the order (by shard id), so the same learners
 * always give bit-identical sums.
 *
 * @param config - hyper-parameters of the result (the FTRL state itself is hyper-parameter free
 *   except through past step sizes)
 * @example
 * const global = combineModels(config, shardIds.sort().map((id) => learners.get(id)))
 */
export function combineModels(config: FtrlConfig, models: readonly FtrlModel[]): FtrlModel {
  const sum = FtrlModel.create(config)
  for (const model of models) for (const [index, z, n] of model.coordinates()) sum.addToCoordinate(index, z, n)
  return sum
}
