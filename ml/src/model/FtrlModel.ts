import type { Json } from '@sdp/aggregation-engine'
import { MlError, ModelFormatError } from '../errors.js'
import type { SparseVector } from '../features/BidFeatures.js'
import { checkFtrlConfig, type FtrlConfig } from './FtrlConfig.js'
import { decodeColumn, encodeFloat64, encodeUint32 } from './_internal/binary.js'
import { snapshotHeaderProblem } from './_internal/snapshotHeader.js'

/** Per-coordinate state: `z` (the FTRL "lazy weight") and `n` (sum of squared gradients). */
interface Coordinate {
  z: number
  n: number
}

/** Options of {@link FtrlModel.create} and {@link FtrlModel.restore}. */
export interface FtrlModelOptions {
  /**
   * A read-only model whose `z` and `n` are added to this one's when computing weights: the sum of
   * the other shards' learners. Updates only ever change this model's own state, so its snapshot
   * holds exactly the increments its own examples produced (see `combineModels`). @default none
   */
  readonly prior?: FtrlModel
  /** Only for `restore`: hyper-parameters to use instead of the stored ones (the state carries over as is). @default the stored ones */
  readonly config?: FtrlConfig
}

/** What {@link FtrlModel.restore} returns: the model, or why the snapshot is not one. */
export type RestoreFtrlResult = { readonly ok: true; readonly model: FtrlModel } | { readonly ok: false; readonly error: ModelFormatError }

const FORMAT = 'ftrl-proximal'
const VERSION = 1
const MAX_MARGIN = 35

const sigmoid = (margin: number): number => 1 / (1 + Math.exp(-Math.max(-MAX_MARGIN, Math.min(MAX_MARGIN, margin))))

/**
 * Logistic regression trained online with FTRL-Proximal, sparse: only coordinates that ever saw a
 * gradient hold state. Deterministic — the same examples in the same order give bit-identical
 * state — and its snapshot is compact, JSON-safe and exact (base64 little-endian columns), so a
 * restored model predicts exactly as the original.
 *
 * @example
 * const model = FtrlModel.create({ alpha: 0.1, beta: 1, l1: 0.5, l2: 1 })
 * const x = featurize(bid, { hashBits: 18 })
 * model.update(x, 1)      // returns the score before the update (progressive validation)
 * model.predict(x)        // probability of a win
 * const copy = FtrlModel.restore(JSON.parse(JSON.stringify(model.snapshot())))
 */
export class FtrlModel {
  private readonly coords = new Map<number, Coordinate>()
  // Scratch space reused by update(), so the hot path allocates nothing per example.
  private weights: number[] = []

  private constructor(
    readonly config: FtrlConfig,
    private readonly prior: FtrlModel | undefined,
  ) {}

  /** A model with no state. Throws MlError on bad hyper-parameters or a prior that has a prior itself. */
  static create(config: FtrlConfig, options: FtrlModelOptions = {}): FtrlModel {
    const prior = options.prior
    if (prior !== undefined && (!(prior instanceof FtrlModel) || prior.prior !== undefined)) {
      throw new MlError('prior must be an FtrlModel without a prior of its own (combine the models first)')
    }
    return new FtrlModel(checkFtrlConfig(config), prior)
  }

  /** Number of coordinates holding own state. */
  get size(): number {
    return this.coords.size
  }

  /** The current weight of one coordinate (0 for a coordinate L1 keeps at zero or never saw a gradient). */
  weight(index: number): number {
    const own = this.coords.get(index)
    const base = this.prior?.coords.get(index)
    if (!own && !base) return 0
    const z = (base?.z ?? 0) + (own?.z ?? 0)
    const n = (base?.n ?? 0) + (own?.n ?? 0)
    const { alpha, beta, l1, l2 } = this.config
    if (Math.abs(z) <= l1) return 0
    return -(z - Math.sign(z) * l1) / ((beta + Math.sqrt(n)) / alpha + l2)
  }

  /** The probability of the positive class for a feature vector. */
  predict(x: SparseVector): number {
    let margin = 0
    for (let i = 0; i < x.indices.length; i++) margin += this.weight(x.indices[i] as number) * (x.values[i] as number)
    return sigmoid(margin)
  }

  /**
   * One FTRL-Proximal step on `(x, label)`. Returns the prediction made *before* the step, which
   * is what progressive validation scores.
   */
  update(x: SparseVector, label: 0 | 1): number {
    const { alpha } = this.config
    const count = x.indices.length
    if (this.weights.length < count) this.weights = new Array<number>(count).fill(0)
    let margin = 0
    for (let i = 0; i < count; i++) {
      const w = this.weight(x.indices[i] as number)
      this.weights[i] = w
      margin += w * (x.values[i] as number)
    }
    const p = sigmoid(margin)
    for (let i = 0; i < count; i++) {
      const index = x.indices[i] as number
      const g = (p - label) * (x.values[i] as number)
      let own = this.coords.get(index)
      if (!own) {
        own = { z: 0, n: 0 }
        this.coords.set(index, own)
      }
      const n = (this.prior?.coords.get(index)?.n ?? 0) + own.n
      const sigma = (Math.sqrt(n + g * g) - Math.sqrt(n)) / alpha
      own.z += g - sigma * (this.weights[i] as number)
      own.n += g * g
    }
    return p
  }

  /** Own coordinates in ascending index order, as `[index, z, n]`. */
  *coordinates(): IterableIterator<[number, number, number]> {
    const indices = [...this.coords.keys()].sort((a, b) => a - b)
    for (const i of indices) {
      const c = this.coords.get(i) as Coordinate
      yield [i, c.z, c.n]
    }
  }

  /** Adds `z` and `n` to one own coordinate (how `combineModels` builds sums). */
  addToCoordinate(index: number, z: number, n: number): void {
    const own = this.coords.get(index)
    if (own) {
      own.z += z
      own.n += n
    } else this.coords.set(index, { z, n })
  }

  /**
   * The own state (never the prior's) as compact JSON: hyper-parameters and three base64
   * columns (indices, z, n) in ascending index order, so equal states give equal bytes.
   */
  snapshot(): Json {
    const indices: number[] = []
    const z: number[] = []
    const n: number[] = []
    for (const [i, zi, ni] of this.coordinates()) {
      indices.push(i)
      z.push(zi)
      n.push(ni)
    }
    const { alpha, beta, l1, l2 } = this.config
    return {
      format: FORMAT,
      version: VERSION,
      config: { alpha, beta, l1, l2 },
      count: indices.length,
      indices: encodeUint32(indices),
      z: encodeFloat64(z),
      n: encodeFloat64(n),
    }
  }

  /**
   * Rebuilds a model from {@link snapshot} output. Never throws on a bad snapshot: anything that
   * is not exactly a snapshot of this format comes back as `{ ok: false, error }`.
   */
  static restore(value: unknown, options: FtrlModelOptions = {}): RestoreFtrlResult {
    const fail = (rule: string): RestoreFtrlResult => ({ ok: false, error: new ModelFormatError(`FTRL snapshot: ${rule}`) })
    const headerProblem = snapshotHeaderProblem(value, FORMAT, VERSION)
    if (headerProblem !== undefined) return fail(headerProblem)
    const s = value as Record<string, unknown>
    let model: FtrlModel
    try {
      checkFtrlConfig(s.config as FtrlConfig)
      model = FtrlModel.create(options.config ?? (s.config as FtrlConfig), options)
    } catch (error) {
      return fail(`config: ${(error as Error).message}`)
    }
    const problem = readCoordinates(s, model.coords)
    return problem === undefined ? { ok: true, model } : fail(problem)
  }
}

/** Decodes a snapshot's coordinate columns into `coords`; returns what is wrong with them, if anything. */
function readCoordinates(s: Record<string, unknown>, coords: Map<number, Coordinate>): string | undefined {
  const count = s.count
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return 'count must be a non-negative integer'
  const indices = decodeColumn(s.indices, count, 4)
  const z = decodeColumn(s.z, count, 8)
  const n = decodeColumn(s.n, count, 8)
  if (!indices || !z || !n) return `indices, z and n must be base64 columns of ${count} values`
  for (let i = 0; i < count; i++) {
    const zi = z[i] as number
    const ni = n[i] as number
    if (i > 0 && (indices[i] as number) <= (indices[i - 1] as number)) return 'indices must be strictly increasing'
    if (!Number.isFinite(zi) || !Number.isFinite(ni) || ni < 0) return `coordinate ${indices[i]} must have a finite z and a finite n >= 0`
    coords.set(indices[i] as number, { z: zi, n: ni })
  }
  return undefined
}
