import { MlError } from '../errors.js'

/**
 * Hyper-parameters of FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", KDD 2013, Algorithm 1): the per-coordinate learning rate is
 * `alpha / (beta + sqrt(sum of squared gradients))`; `l1` zeroes weak coordinates (sparsity), `l2`
 * shrinks the rest.
 */
export interface FtrlConfig {
  /** Learning-rate scale, > 0. @default 0.3 */
  readonly alpha: number
  /** Learning-rate smoothing, >= 0. @default 1 */
  readonly beta: number
  /** L1 regularization, >= 0. @default 1 */
  readonly l1: number
  /** L2 regularization, >= 0. @default 1 */
  readonly l2: number
}

/** Checks FTRL hyper-parameters at the door; throws MlError naming the first bad one. */
export function checkFtrlConfig(config: FtrlConfig): FtrlConfig {
  if (typeof config !== 'object' || config === null) throw new MlError('FTRL config must be an object')
  const { alpha, beta, l1, l2 } = config
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0) throw new MlError(`alpha must be a positive number, got ${String(alpha)}`)
  for (const [name, value] of [
    ['beta', beta],
    ['l1', l1],
    ['l2', l2],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new MlError(`${name} must be a non-negative number, got ${String(value)}`)
  }
  return { alpha, beta, l1, l2 }
}
