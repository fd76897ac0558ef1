import { MlError } from '../errors.js'
import type { BidFeatures, SparseVector } from './BidFeatures.js'
import { murmur3String32 } from '@sdp/aggregation-engine'

/** How bids become vectors. Stored with every model, so a model is always read with the hashing it was trained with. */
export interface FeatureConfig {
  /** Hash into `2^hashBits` buckets, 1–30. @default 18 */
  readonly hashBits: number
}

/** Checks a feature config at the door. */
export function checkFeatureConfig(config: FeatureConfig): FeatureConfig {
  const bits = config?.hashBits
  if (!Number.isInteger(bits) || bits < 1 || bits > 30) throw new MlError(`hashBits must be an integer from 1 to 30, got ${String(bits)}`)
  return { hashBits: bits }
}

const idText = (value: string | number): string => (typeof value === 'number' ? String(value) : value)
const present = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null

/**
 * The scaled price feature: `log1p(max(price, 0))`. Prices span orders of magnitude (cents to
 * dollars to micros), and a log keeps one coordinate's step size sensible across them.
 */
export const scalePrice = (price: number): number => Math.log1p(Math.max(price, 0))

/**
 * Turns a bid into its hashed feature vector: a bias, one-hot campaign / domain / creative id /
 * creative category (name and value hashed together with MurmurHash3 into `2^hashBits` buckets;
 * unknown fields add nothing), and either the scaled offered price or a missing-price indicator.
 * Colliding features share their bucket (their values add up). Deterministic and pure.
 *
 * @example
 * featurize({ campaignItemId: 1463517, domain: 'www.google.com', winPrice: 1 }, { hashBits: 18 })
 * // { indices: [...5 buckets, ascending], values: [...] } — same as with campaignItemId: '1463517'
 */
export function featurize(bid: BidFeatures, config: FeatureConfig): SparseVector {
  const mask = 2 ** config.hashBits - 1
  const pairs: Array<[number, number]> = []
  const add = (name: string, value: number) => pairs.push([murmur3String32(name) & mask, value])
  add('bias', 1)
  add(`campaign=${idText(bid.campaignItemId)}`, 1)
  if (present(bid.domain)) add(`domain=${bid.domain}`, 1)
  if (present(bid.creativeId)) add(`creative=${idText(bid.creativeId)}`, 1)
  if (present(bid.creativeCategory)) add(`category=${bid.creativeCategory}`, 1)
  if (present(bid.winPrice) && Number.isFinite(bid.winPrice)) add('price', scalePrice(bid.winPrice))
  else add('price_missing', 1)
  pairs.sort((a, b) => a[0] - b[0])
  const indices: number[] = []
  const values: number[] = []
  for (const [index, value] of pairs) {
    if (indices[indices.length - 1] === index) values[values.length - 1] = (values[values.length - 1] as number) + value
    else {
      indices.push(index)
      values.push(value)
    }
  }
  return { indices, values }
}
