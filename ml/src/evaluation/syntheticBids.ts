import type { BidFeatures } from '../features/BidFeatures.js'
import { scalePrice } from '../features/featurize.js'
import { MlError } from '../errors.js'
import { bidFeaturesOf } from '../features/bidFeaturesOf.js'
import { seededRandom } from './_internal/random.js'

/** A bid as the stream carries it (the catalog's stamped bid). */
export interface SyntheticBid {
  readonly type: 'bid'
  readonly tx_id: string
  readonly app_uid: string
  readonly campaign_item_id: number
  readonly domain: string
  readonly creative_id: string
  readonly creative_category: string
  readonly win_price?: number
  readonly ts: number
}

/** The impression of a won bid; `win_price` is the clearing price, never a feature. */
export interface SyntheticImpression {
  readonly type: 'imp'
  readonly tx_id: string
  readonly win_price: number
  readonly ts: number
}

/** One generated transaction: the bid, the ground-truth win probability, and the impression when it won. */
export interface SyntheticTransaction {
  readonly bid: SyntheticBid
  readonly probability: number
  readonly won: boolean
  readonly impression?: SyntheticImpression
}

/** Shape of the ground truth. Effects are drawn once per world from `seed`. */
export interface SyntheticWorldOptions {
  /** @default 1 */
  readonly seed?: number
  /** Number of campaigns (ids 1000001…). @default 30 */
  readonly campaigns?: number
  /** @default 60 */
  readonly domains?: number
  /** @default 8 */
  readonly categories?: number
  /** Creative ids, which have no effect in the ground truth (noise features). @default 200 */
  readonly creatives?: number
  /** Standard deviations of the campaign / domain / category effects (log-odds). @default [0.7, 0.5, 0.4] */
  readonly effectScales?: readonly [number, number, number]
  /** Log-odds intercept. @default -0.8 */
  readonly bias?: number
  /** Log-odds per unit of `log1p(price)`; positive: higher offers win more often. @default 0.8 */
  readonly priceEffect?: number
  /** Share of bids sent without a price. @default 0.1 */
  readonly missingPriceRate?: number
  /** Log-odds of a bid without a price (in place of the price term). @default 0.5 */
  readonly missingPriceEffect?: number
}

/** Options of {@link SyntheticBidWorld.transactions}. */
export interface TransactionOptions {
  /** Seed of this draw (independent of the world's). */
  readonly seed: number
  /** Event time of the first bid. @default 1_795_831_442_000 */
  readonly startTs?: number
  /** Event time between consecutive bids. @default 10 */
  readonly spacingMs?: number
  /** An impression follows its bid by a uniform delay in this range. @default [100, 60_000] */
  readonly impressionDelayMs?: readonly [number, number]
  /** Prefix of the generated tx ids. @default 'tx' */
  readonly txPrefix?: string
}

/** A synthetic bid market with a known logistic win function. */
export interface SyntheticBidWorld {
  /** The ground-truth probability that a bid wins: `σ(bias + campaign + domain + category + price term)`. */
  truth(bid: BidFeatures): number
  /** Draws `count` transactions: bids (ascending event time) and the impressions of those that won. */
  transactions(count: number, options: TransactionOptions): SyntheticTransaction[]
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/** The campaign, domain, category and creative counts of a world, checked. */
function worldSizes(options: SyntheticWorldOptions): readonly [number, number, number, number] {
  const counts = [options.campaigns ?? 30, options.domains ?? 60, options.categories ?? 8, options.creatives ?? 200] as const
  for (const c of counts)
    if (!Number.isSafeInteger(c) || c < 1) throw new MlError(`campaigns, domains, categories and creatives must be positive integers, got ${c}`)
  return counts
}

/** Draws the campaign, then domain, then category effects (log-odds) from the world's seed. */
function drawEffects(
  options: SyntheticWorldOptions,
  campaignIds: readonly number[],
  domainNames: readonly string[],
  categoryNames: readonly string[],
): Map<string, number> {
  const [sc, sd, sk] = options.effectScales ?? [0.7, 0.5, 0.4]
  const rng = seededRandom(options.seed ?? 1)
  const effects = new Map<string, number>()
  for (const c of campaignIds) effects.set(`c:${c}`, rng.normal() * sc)
  for (const d of domainNames) effects.set(`d:${d}`, rng.normal() * sd)
  for (const k of categoryNames) effects.set(`k:${k}`, rng.normal() * sk)
  return effects
}

/** The ground truth: `σ(bias + campaign + domain + category + price term)` under the drawn effects. */
function truthFunction(options: SyntheticWorldOptions, effects: ReadonlyMap<string, number>): (bid: BidFeatures) => number {
  const bias = options.bias ?? -0.8
  const priceEffect = options.priceEffect ?? 0.8
  const missingEffect = options.missingPriceEffect ?? 0.5
  return (bid) => {
    let x = bias + (effects.get(`c:${String(bid.campaignItemId)}`) ?? 0)
    if (bid.domain != null) x += effects.get(`d:${bid.domain}`) ?? 0
    if (bid.creativeCategory != null) x += effects.get(`k:${bid.creativeCategory}`) ?? 0
    x += bid.winPrice == null ? missingEffect : priceEffect * scalePrice(bid.winPrice)
    return sigmoid(x)
  }
}

/**
 * Builds a synthetic bid market whose win function is known exactly: logistic in per-campaign,
 * per-domain and per-category effects plus a price term (or a missing-price effect). Creative ids
 * are pure noise. Streams drawn from it test and benchmark the training pipeline: a model that
 * learns well approaches the ground truth's AUC and log loss, and one that leaks the label beats it.
 *
 * @example
 * const world = syntheticBidWorld({ seed: 7 })
 * const txs = world.transactions(10_000, { seed: 1 })
 * world.truth(featuresOf(txs[0].bid)) === txs[0].probability
 */
export function syntheticBidWorld(options: SyntheticWorldOptions = {}): SyntheticBidWorld {
  const [campaigns, domains, categories, creatives] = worldSizes(options)
  const missingRate = options.missingPriceRate ?? 0.1
  const campaignIds = Array.from({ length: campaigns }, (_, i) => 1_000_001 + i)
  const domainNames = Array.from({ length: domains }, (_, i) => `site-${i}.example`)
  const categoryNames = Array.from({ length: categories }, (_, i) => `category-${i}`)
  const effects = drawEffects(options, campaignIds, domainNames, categoryNames)
  const truth = truthFunction(options, effects)

  return {
    truth,
    transactions(count, o) {
      const r = seededRandom(o.seed)
      const start = o.startTs ?? 1_795_831_442_000
      const spacing = o.spacingMs ?? 10
      const [minDelay, maxDelay] = o.impressionDelayMs ?? [100, 60_000]
      const prefix = o.txPrefix ?? 'tx'
      const out: SyntheticTransaction[] = []
      for (let i = 0; i < count; i++) {
        const price = r.next() < missingRate ? undefined : Math.max(1, Math.round(Math.exp(r.next() * 3)))
        const bid: SyntheticBid = {
          type: 'bid',
          tx_id: `${prefix}-${o.seed}-${i}`,
          app_uid: `app-${r.int(1000)}`,
          campaign_item_id: campaignIds[r.int(campaigns)] as number,
          domain: domainNames[r.int(domains)] as string,
          creative_id: `creative-${r.int(creatives)}`,
          creative_category: categoryNames[r.int(categories)] as string,
          ...(price === undefined ? {} : { win_price: price }),
          ts: start + i * spacing,
        }
        const probability = truth(bidFeaturesOf(bid))
        const won = r.next() < probability
        const delay = minDelay + Math.floor(r.next() * (maxDelay - minDelay + 1))
        const clearing = Math.max(1, Math.ceil((price ?? 5) * (0.5 + r.next() / 2)))
        out.push(
          won ? { bid, probability, won, impression: { type: 'imp', tx_id: bid.tx_id, win_price: clearing, ts: bid.ts + delay } } : { bid, probability, won },
        )
      }
      return out
    },
  }
}
