import type { BidFeatures } from '../features/BidFeatures.js'

/**
 * One labelled bid, as the training job emits it once its label is final — when the watermark
 * passes `bidTs + timeout`: a win (1) when its impression joined by then, a loss (0) when not.
 * A shard's examples come out in bid-time order, whatever their labels.
 *
 * Identity: a bid yields at most one example (`txId`), and `seq` is the sequence number of the
 * record whose processing produced it (the record that moved the watermark past the timeout). The same
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
