import type { Json } from '@sdp/aggregation-engine'
import { ModelFormatError } from '../errors.js'
import type { BidFeatures } from '../features/BidFeatures.js'
import { checkFeatureConfig, featurize, type FeatureConfig } from '../features/featurize.js'
import type { FtrlConfig } from './FtrlConfig.js'
import { FtrlModel, type FtrlModelOptions } from './FtrlModel.js'
import { snapshotHeaderProblem } from './_internal/snapshotHeader.js'

/** What {@link BidWinModel.restore} returns. */
export type RestoreBidWinResult = { readonly ok: true; readonly model: BidWinModel } | { readonly ok: false; readonly error: ModelFormatError }

const FORMAT = 'bid-win-model'
const VERSION = 1

/**
 * The bid-win model: feature hashing of what is known at bid time, and an FTRL-Proximal logistic
 * regression over it. Its snapshot carries the hashing config, so a reader always featurizes a
 * bid exactly as the model was trained.
 *
 * @example
 * const model = BidWinModel.create({ hashBits: 18 }, { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 })
 * model.train({ campaignItemId: 1463517, domain: 'www.google.com', winPrice: 1 }, 1)
 * model.score({ campaignItemId: '1463517', domain: 'www.google.com', winPrice: 1 }) // a probability
 */
export class BidWinModel {
  private constructor(
    readonly features: FeatureConfig,
    readonly ftrl: FtrlModel,
  ) {}

  /** A fresh model; throws MlError on a bad config. */
  static create(features: FeatureConfig, ftrl: FtrlConfig, options: FtrlModelOptions = {}): BidWinModel {
    return new BidWinModel(checkFeatureConfig(features), FtrlModel.create(ftrl, options))
  }

  /** Wraps an existing FTRL learner (e.g. a combination of shard learners). */
  static of(features: FeatureConfig, ftrl: FtrlModel): BidWinModel {
    return new BidWinModel(checkFeatureConfig(features), ftrl)
  }

  /** Probability that the bid wins (gets an impression within the session timeout). */
  score(bid: BidFeatures): number {
    return this.ftrl.predict(featurize(bid, this.features))
  }

  /** Trains on one labelled bid; returns the score before training (progressive validation). */
  train(bid: BidFeatures, label: 0 | 1): number {
    return this.ftrl.update(featurize(bid, this.features), label)
  }

  /** JSON-safe, exact: `{format, version, features, ftrl}`. */
  snapshot(): Json {
    return { format: FORMAT, version: VERSION, features: { hashBits: this.features.hashBits }, ftrl: this.ftrl.snapshot() }
  }

  /** Rebuilds a model from {@link snapshot} output; a bad snapshot is returned as an error, never thrown. */
  static restore(value: unknown, options: FtrlModelOptions = {}): RestoreBidWinResult {
    const fail = (rule: string): RestoreBidWinResult => ({ ok: false, error: new ModelFormatError(`bid-win model: ${rule}`) })
    const problem = snapshotHeaderProblem(value, FORMAT, VERSION)
    if (problem !== undefined) return fail(problem)
    const s = value as Record<string, unknown>
    let features: FeatureConfig
    try {
      features = checkFeatureConfig(s.features as FeatureConfig)
    } catch (error) {
      return fail((error as Error).message)
    }
    const ftrl = FtrlModel.restore(s.ftrl, options)
    if (!ftrl.ok) return { ok: false, error: ftrl.error }
    return { ok: true, model: new BidWinModel(features, ftrl.model) }
  }
}
