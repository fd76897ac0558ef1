/** Probabilities are clipped to `[EPSILON, 1 − EPSILON]` so a confident mistake costs a lot, never infinity. */
export const LOG_LOSS_EPSILON = 1e-15

/** The log loss of one prediction: `−ln p` for a positive, `−ln(1 − p)` for a negative. */
export function exampleLogLoss(score: number, label: 0 | 1): number {
  const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, score))
  return label === 1 ? -Math.log(p) : -Math.log(1 - p)
}

/**
 * Mean log loss (binary cross-entropy, natural log) of predictions against labels; NaN when empty.
 *
 * @example
 * logLoss([0.5, 0.5], [1, 0]) // ln 2 ≈ 0.693
 */
export function logLoss(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  let sum = 0
  for (let i = 0; i < scores.length; i++) sum += exampleLogLoss(scores[i] as number, labels[i] as 0 | 1)
  return scores.length === 0 ? NaN : sum / scores.length
}
