import { MlError } from '../errors.js'
import { auc } from './auc.js'
import { logLoss } from './logLoss.js'

/** How close a model must come to the ground truth, in both directions. */
export interface GroundTruthTolerance {
  /** Largest allowed |AUC(model) − AUC(truth)|. @default 0.03 */
  readonly auc?: number
  /** Largest allowed |logLoss(model) / logLoss(truth) − 1|. @default 0.1 */
  readonly logLoss?: number
}

/** The verdict of {@link compareToGroundTruth}. */
export interface GroundTruthComparison {
  readonly modelAuc: number
  readonly truthAuc: number
  readonly modelLogLoss: number
  readonly truthLogLoss: number
  /** True when the model is within tolerance on both measures. */
  readonly ok: boolean
  /** What is wrong, in words: too weak (underfit) or better than the truth (a label leak). */
  readonly problems: string[]
}

/**
 * Compares a model's held-out scores with the ground truth's probabilities on the same labelled
 * examples. Two-sided on purpose: a model that does clearly *worse* than the truth has not learned
 * it, and a model that does clearly *better* than the function that generated the labels can only
 * be seeing the labels — a feature derived from the outcome (the impression) leaks into training.
 *
 * @example
 * const verdict = compareToGroundTruth(heldOut.map(score), heldOut.map((x) => x.probability), labels)
 * if (!verdict.ok) throw new Error(verdict.problems.join('; '))
 */
export function compareToGroundTruth(
  modelScores: readonly number[],
  truthScores: readonly number[],
  labels: readonly (0 | 1)[],
  tolerance: GroundTruthTolerance = {},
): GroundTruthComparison {
  if (modelScores.length !== labels.length || truthScores.length !== labels.length || labels.length === 0) {
    throw new MlError('model scores, truth scores and labels must be non-empty and of equal length')
  }
  const aucTolerance = tolerance.auc ?? 0.03
  const lossTolerance = tolerance.logLoss ?? 0.1
  const modelAuc = auc(modelScores, labels)
  const truthAuc = auc(truthScores, labels)
  const modelLogLoss = logLoss(modelScores, labels)
  const truthLogLoss = logLoss(truthScores, labels)
  const problems: string[] = []
  const leak = 'better than the ground truth that generated the labels: a feature leaks the outcome'
  if (modelAuc > truthAuc + aucTolerance) problems.push(`AUC ${modelAuc.toFixed(4)} is ${(modelAuc - truthAuc).toFixed(4)} ${leak}`)
  if (modelAuc < truthAuc - aucTolerance)
    problems.push(`AUC ${modelAuc.toFixed(4)} is ${(truthAuc - modelAuc).toFixed(4)} below the ground truth's ${truthAuc.toFixed(4)}`)
  if (modelLogLoss < truthLogLoss * (1 - lossTolerance)) problems.push(`log loss ${modelLogLoss.toFixed(4)} is ${leak}`)
  if (modelLogLoss > truthLogLoss * (1 + lossTolerance))
    problems.push(`log loss ${modelLogLoss.toFixed(4)} is more than ${lossTolerance * 100} % above the ground truth's ${truthLogLoss.toFixed(4)}`)
  if (Number.isNaN(modelAuc) || Number.isNaN(truthAuc)) problems.push('AUC is undefined: the labels hold a single class')
  return { modelAuc, truthAuc, modelLogLoss, truthLogLoss, ok: problems.length === 0, problems }
}
