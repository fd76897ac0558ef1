import { murmur3String32 } from '@sdp/aggregation-engine'

/**
 * Whether a final example is kept out of training and only scored, for the held-out metrics:
 * about one in `every`, chosen by a hash of its transaction id. A hash rather than a count, so the
 * choice is the same whichever shard, invocation or replay meets the example, and independent of
 * everything the model sees (the id carries no feature). `every` 0 holds nothing out.
 *
 * @example
 * isHeldOut('tx-42', 10) // true for about 10 % of ids, always the same ones
 */
export function isHeldOut(txId: string, every: number): boolean {
  // Salted, so the choice is not correlated with the bucket a feature of the same text hashes to.
  return every > 0 && murmur3String32(`held-out:${txId}`) % every === 0
}
