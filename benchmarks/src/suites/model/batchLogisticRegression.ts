// The batch baseline of the model suite: L2-regularised logistic regression on the model's own
// hashed features, fitted exactly (L-BFGS to a small gradient), with its L2 strength chosen by
// k-fold cross-validation. What an offline data scientist would fit on the same examples.
import type { SparseVector } from '@sdp/ml'

/** One example: a hashed feature vector and its label. */
export interface LabelledVector {
  readonly x: SparseVector
  readonly y: 0 | 1
}

/** A fitted model: weights by hashed index (missing: 0) and the L2 strength it was fitted with. */
export interface BatchLogisticModel {
  readonly l2: number
  readonly weights: ReadonlyMap<number, number>
  predict(x: SparseVector): number
}

/** Options of {@link fitLogisticRegression}. */
export interface FitOptions {
  /** L2 penalty `l2/2 · ‖w‖²` on every weight but the bias. */
  readonly l2: number
  /** Hashed index of the bias feature (not penalised). @default none */
  readonly biasIndex?: number
  /** Stop when the gradient's largest component is below this. @default 1e-6 */
  readonly tolerance?: number
  /** @default 500 */
  readonly maxIterations?: number
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, m))))

/** Columns of the hashed indices that occur, so the solver works on dense arrays. */
function columnsOf(data: readonly LabelledVector[]): Map<number, number> {
  const cols = new Map<number, number>()
  for (const { x } of data) for (const i of x.indices) if (!cols.has(i)) cols.set(i, cols.size)
  return cols
}

/**
 * Fits `min Σ logloss(σ(w·x), y) + l2/2 ‖w‖²` by L-BFGS (memory 10, backtracking Armijo line
 * search). The objective is smooth and strictly convex for `l2 > 0`, so the result is the unique
 * optimum to within `tolerance` on the gradient. Throws on empty data or a negative `l2`.
 */
export function fitLogisticRegression(data: readonly LabelledVector[], options: FitOptions): BatchLogisticModel {
  const { l2, biasIndex, tolerance = 1e-6, maxIterations = 500 } = options
  if (data.length === 0) throw new RangeError('batch logistic regression needs at least one example')
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new RangeError(`l2 must be a finite number >= 0, got ${l2}`)
  const cols = columnsOf(data)
  const d = cols.size
  const rows = data.map(({ x, y }) => ({ c: Int32Array.from(x.indices, (i) => cols.get(i) as number), v: Float64Array.from(x.values), y }))
  const penalised = new Float64Array(d).fill(1)
  if (biasIndex !== undefined && cols.has(biasIndex)) penalised[cols.get(biasIndex) as number] = 0
  const w = minimize(objective(rows, l2, penalised), d, tolerance, maxIterations)
  return modelOf(l2, cols, w)
}

/** A dense row: feature columns, their values and the label. */
interface DenseRow {
  readonly c: Int32Array
  readonly v: Float64Array
  readonly y: 0 | 1
}

/** The objective at `w`, its gradient written into `g`. */
type Objective = (w: Float64Array, g: Float64Array) => number

/** Log loss over the rows plus the L2 penalty on the penalised columns. */
function objective(rows: readonly DenseRow[], l2: number, penalised: Float64Array): Objective {
  const d = penalised.length
  return (w, g) => {
    let f = 0
    g.fill(0)
    for (const r of rows) {
      let m = 0
      for (let k = 0; k < r.c.length; k++) m += (w[r.c[k] as number] as number) * (r.v[k] as number)
      const p = sigmoid(m)
      f += r.y === 1 ? -Math.log(Math.max(p, 1e-300)) : -Math.log(Math.max(1 - p, 1e-300))
      for (let k = 0; k < r.c.length; k++) g[r.c[k] as number] = (g[r.c[k] as number] as number) + (p - r.y) * (r.v[k] as number)
    }
    for (let j = 0; j < d; j++) {
      const wj = w[j] as number
      f += 0.5 * l2 * (penalised[j] as number) * wj * wj
      g[j] = (g[j] as number) + l2 * (penalised[j] as number) * wj
    }
    return f
  }
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * (b[i] as number), 0)
const maxAbs = (a: Float64Array) => a.reduce((s, v) => Math.max(s, Math.abs(v)), 0)

const MEMORY = 10

/** L-BFGS from zero weights until the gradient is below `tolerance`, progress stops, or the iterations run out. */
function minimize(evaluate: Objective, d: number, tolerance: number, maxIterations: number): Float64Array {
  const ss: Float64Array[] = []
  const ys: Float64Array[] = []
  let w: Float64Array = new Float64Array(d)
  let g: Float64Array = new Float64Array(d)
  let f = evaluate(w, g)
  for (let it = 0; it < maxIterations && maxAbs(g) > tolerance; it++) {
    const q = twoLoopDirection(g, ss, ys)
    const slope = -dot(g, q)
    if (!(slope < 0)) {
      ss.length = 0 // not a descent direction: restart from steepest descent
      ys.length = 0
      continue
    }
    const { next, gNext, fNext } = backtrack(evaluate, w, q, f, slope)
    if (!(fNext < f) && maxAbs(gNext) >= maxAbs(g)) break // no progress left at float precision
    remember(
      ss,
      ys,
      next.map((v, j) => v - (w[j] as number)),
      gNext.map((v, j) => v - (g[j] as number)),
    )
    w = next
    g = gNext
    f = fNext
  }
  return w
}

/** Two-loop recursion: `H·g` from the last steps (`q`; the direction is its negative). */
function twoLoopDirection(g: Float64Array, ss: readonly Float64Array[], ys: readonly Float64Array[]): Float64Array {
  const d = g.length
  const q = Float64Array.from(g)
  const alphas: number[] = []
  for (let k = ss.length - 1; k >= 0; k--) {
    const a = dot(ss[k] as Float64Array, q) / dot(ys[k] as Float64Array, ss[k] as Float64Array)
    alphas[k] = a
    for (let j = 0; j < d; j++) q[j] = (q[j] as number) - a * ((ys[k] as Float64Array)[j] as number)
  }
  const last = ss.length - 1
  const scale =
    last >= 0 ? dot(ss[last] as Float64Array, ys[last] as Float64Array) / dot(ys[last] as Float64Array, ys[last] as Float64Array) : 1 / Math.max(1, maxAbs(g))
  for (let j = 0; j < d; j++) q[j] = (q[j] as number) * scale
  for (let k = 0; k < ss.length; k++) {
    const b = dot(ys[k] as Float64Array, q) / dot(ys[k] as Float64Array, ss[k] as Float64Array)
    for (let j = 0; j < d; j++) q[j] = (q[j] as number) + ((ss[k] as Float64Array)[j] as number) * ((alphas[k] as number) - b)
  }
  return q
}

/** Backtracking Armijo line search along `−q`, halving the step up to 50 times. */
function backtrack(
  evaluate: Objective,
  w: Float64Array,
  q: Float64Array,
  f: number,
  slope: number,
): { next: Float64Array; gNext: Float64Array; fNext: number } {
  const d = w.length
  let step = 1
  const next = new Float64Array(d)
  const gNext = new Float64Array(d)
  let fNext = Infinity
  for (let tries = 0; tries < 50; tries++, step /= 2) {
    for (let j = 0; j < d; j++) next[j] = (w[j] as number) - step * (q[j] as number)
    fNext = evaluate(next, gNext)
    if (fNext <= f + 1e-4 * step * slope) break
  }
  return { next, gNext, fNext }
}

/** Keeps a step and its gradient change when the curvature is positive, the last {@link MEMORY} of them. */
function remember(ss: Float64Array[], ys: Float64Array[], s: Float64Array, y: Float64Array): void {
  if (!(dot(s, y) > 1e-12)) return
  ss.push(s)
  ys.push(y)
  if (ss.length > MEMORY) {
    ss.shift()
    ys.shift()
  }
}

function modelOf(l2: number, cols: ReadonlyMap<number, number>, w: Float64Array): BatchLogisticModel {
  const weights = new Map<number, number>()
  for (const [index, col] of cols) if (w[col] !== 0) weights.set(index, w[col] as number)
  return {
    l2,
    weights,
    predict(x: SparseVector) {
      let m = 0
      for (let k = 0; k < x.indices.length; k++) m += (weights.get(x.indices[k] as number) ?? 0) * (x.values[k] as number)
      return sigmoid(m)
    },
  }
}
