import type { Json } from '@sdp/aggregation-engine'
import { ModelFormatError } from '../errors.js'
import { exampleLogLoss } from './logLoss.js'

/** The numbers a progressive validation reports. */
export interface ValidationSummary {
  /** Examples scored. */
  readonly examples: number
  /** Of which wins (label 1). */
  readonly wins: number
  /** `wins / examples`: the base rate a constant predictor would use. */
  readonly winRate: number
  /** Mean log loss of the scores made before training on each example (lower is better; ln 2 ≈ 0.693 is a coin). */
  readonly logLoss: number
  /** Log loss of always predicting the base rate: the model should stay clearly below it. */
  readonly baselineLogLoss: number
  /** Area under the ROC curve from a 1,000-bin score histogram (0.5 is chance, 1 is perfect). */
  readonly auc: number
}

/** What {@link ProgressiveValidation.restore} returns. */
export type RestoreValidationResult =
  { readonly ok: true; readonly validation: ProgressiveValidation } | { readonly ok: false; readonly error: ModelFormatError }

const BINS = 1000
const FORMAT = 'progressive-validation'

/**
 * Progressive validation (McMahan et al. 2013, §5.1): each example is scored by the model *before*
 * the model trains on it, so every score is an honest out-of-sample prediction and no held-out set
 * is needed. Accumulates the log loss exactly and the AUC over a fixed 1,000-bin histogram of
 * scores (within ±0.001 of the exact AUC's rank resolution), so validations of different shards
 * merge by adding, and a snapshot stays small.
 *
 * @example
 * const pv = new ProgressiveValidation()
 * for (const { bid, label } of examples) pv.add(model.train(bid, label), label)
 * pv.summary() // { examples, wins, winRate, logLoss, baselineLogLoss, auc }
 */
export class ProgressiveValidation {
  private count = 0
  private positives = 0
  private lossSum = 0
  private readonly pos = new Float64Array(BINS)
  private readonly neg = new Float64Array(BINS)

  /** Records one score made before training, with the label that followed. */
  add(score: number, label: 0 | 1): void {
    this.count++
    this.lossSum += exampleLogLoss(score, label)
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(score * BINS)))
    if (label === 1) {
      this.positives++
      this.pos[bin] = (this.pos[bin] as number) + 1
    } else this.neg[bin] = (this.neg[bin] as number) + 1
  }

  /** Adds another validation's counts into this one. */
  merge(other: ProgressiveValidation): this {
    this.count += other.count
    this.positives += other.positives
    this.lossSum += other.lossSum
    for (let b = 0; b < BINS; b++) {
      this.pos[b] = (this.pos[b] as number) + (other.pos[b] as number)
      this.neg[b] = (this.neg[b] as number) + (other.neg[b] as number)
    }
    return this
  }

  summary(): ValidationSummary {
    const negatives = this.count - this.positives
    let area = 0
    let below = 0
    for (let b = 0; b < BINS; b++) {
      area += (this.pos[b] as number) * (below + (this.neg[b] as number) / 2)
      below += this.neg[b] as number
    }
    const rate = this.count === 0 ? NaN : this.positives / this.count
    const baseline = rate === 0 || rate === 1 ? 0 : -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate))
    return {
      examples: this.count,
      wins: this.positives,
      winRate: rate,
      logLoss: this.count === 0 ? NaN : this.lossSum / this.count,
      baselineLogLoss: baseline,
      auc: this.positives === 0 || negatives === 0 ? NaN : area / (this.positives * negatives),
    }
  }

  /** `{format, count, positives, lossSum, bins: [[bin, positives, negatives], ...]}` with only non-empty bins. */
  snapshot(): Json {
    const bins: Json[] = []
    for (let b = 0; b < BINS; b++) if (this.pos[b] || this.neg[b]) bins.push([b, this.pos[b] as number, this.neg[b] as number])
    return { format: FORMAT, count: this.count, positives: this.positives, lossSum: this.lossSum, bins }
  }

  /** Rebuilds a validation from {@link snapshot} output; a bad snapshot is returned as an error. */
  static restore(value: unknown): RestoreValidationResult {
    const fail = (rule: string): RestoreValidationResult => ({ ok: false, error: new ModelFormatError(`progressive validation: ${rule}`) })
    const problem = totalsProblem(value)
    if (problem !== undefined) return fail(problem)
    const s = value as SnapshotTotals
    const v = new ProgressiveValidation()
    v.count = s.count
    v.positives = s.positives
    v.lossSum = s.lossSum
    const binsProblem = v.readBins(s.bins)
    return binsProblem === undefined ? { ok: true, validation: v } : fail(binsProblem)
  }

  /** Fills the histogram from a snapshot's bins; returns what is wrong with the first bad one. */
  private readBins(bins: readonly unknown[]): string | undefined {
    for (const entry of bins) {
      if (!Array.isArray(entry) || entry.length !== 3) return 'each bin must be [bin, positives, negatives]'
      const [b, p, n] = entry as unknown[]
      if (!isCount(b) || b >= BINS || !isCount(p) || !isCount(n)) return `bin ${JSON.stringify(entry)} is not [0..${BINS - 1}, count, count]`
      this.pos[b] = p
      this.neg[b] = n
    }
    return undefined
  }
}

/** A snapshot whose totals passed {@link totalsProblem}. */
interface SnapshotTotals {
  readonly count: number
  readonly positives: number
  readonly lossSum: number
  readonly bins: readonly unknown[]
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** What is wrong with a snapshot's format and totals (the bins are read afterwards), or undefined. */
function totalsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object'
  const s = value as Record<string, unknown>
  if (s.format !== FORMAT) return `format must be "${FORMAT}"`
  if (!isCount(s.count) || !isCount(s.positives) || s.positives > s.count) return 'count and positives must be counts, positives <= count'
  if (typeof s.lossSum !== 'number' || !Number.isFinite(s.lossSum) || s.lossSum < 0) return 'lossSum must be a non-negative number'
  if (!Array.isArray(s.bins)) return 'bins must be an array'
  return undefined
}
