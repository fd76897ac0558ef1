// Picks the batch baseline's L2 strength the way an offline fit would: k-fold cross-validation.
import { logLoss } from '@sdp/ml'
import { fitLogisticRegression, type BatchLogisticModel, type LabelledVector } from './batchLogisticRegression.js'

/** Options of {@link crossValidatedLogisticRegression}. */
export interface CrossValidationOptions {
  /** L2 strengths tried. @default 0.01 to 100, about ×3 apart */
  readonly grid?: readonly number[]
  /** @default 5 */
  readonly folds?: number
  /** Hashed index of the bias feature (not penalised). @default none */
  readonly biasIndex?: number
}

/** What {@link crossValidatedLogisticRegression} chose, and why. */
export interface CrossValidatedFit {
  /** Refitted on all the data with the chosen strength. */
  readonly model: BatchLogisticModel
  /** Mean validation log loss of each strength tried, in grid order. */
  readonly scores: ReadonlyArray<{ readonly l2: number; readonly logLoss: number }>
}

export const DEFAULT_L2_GRID = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100] as const

/**
 * Fits L2-regularised logistic regression with the strength of `grid` that has the lowest mean
 * validation log loss over `folds` folds (example `i` validates in fold `i mod folds`), then
 * refits on everything with it. Throws when there are fewer examples than folds.
 */
export function crossValidatedLogisticRegression(data: readonly LabelledVector[], options: CrossValidationOptions = {}): CrossValidatedFit {
  const grid = options.grid ?? DEFAULT_L2_GRID
  const folds = options.folds ?? 5
  if (!Number.isSafeInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer >= 2, got ${folds}`)
  if (data.length < folds) throw new RangeError(`cross-validation needs at least ${folds} examples, got ${data.length}`)
  if (grid.length === 0) throw new RangeError('the L2 grid must not be empty')
  const scores = grid.map((l2) => {
    let loss = 0
    for (let k = 0; k < folds; k++) {
      const train = data.filter((_, i) => i % folds !== k)
      const valid = data.filter((_, i) => i % folds === k)
      const model = fitLogisticRegression(train, { l2, biasIndex: options.biasIndex, tolerance: 1e-5 })
      loss +=
        logLoss(
          valid.map((e) => model.predict(e.x)),
          valid.map((e) => e.y),
        ) * valid.length
    }
    return { l2, logLoss: loss / data.length }
  })
  const best = scores.reduce((a, b) => (b.logLoss < a.logLoss ? b : a))
  return { model: fitLogisticRegression(data, { l2: best.l2, biasIndex: options.biasIndex }), scores }
}
