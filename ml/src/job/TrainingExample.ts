import type { BidFeatures } from '../features/BidFeatures.js'

/**
 * One labelled bid, as the training job emits it: a win (1) when its impression joined within the
 * session timeout, a loss (0) when the watermark passed `bidTs + timeout` without one.
 *
 * Identity: a bid yields at most one example (`txId`), and `seq` is the sequence number of the
 * record whose processing produced it (the impression that joined, the bid that found its
 * impression already waiting, or the record that moved the watermark past the timeout). The same
 * records always produce the same examples at the same `seq`, whichever invocation replays them,
 * which is what lets the trainer use each example exactly once.
 */
export interface TrainingExample {
  readonly seq: string
  readonly txId: string
  readonly label: 0 | 1
  /** Event time of the bid. */
  readonly bidTs: number
  /** Features from the bid alone. */
  readonly bid: BidFeatures
}
