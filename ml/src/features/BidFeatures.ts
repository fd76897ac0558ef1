/**
 * What is known of a bid when it is placed — the only input the bid-win model ever sees. Ids may
 * be strings or numbers and hash alike (`1463517` and `"1463517"` are one feature); `null` or a
 * missing field means unknown. The impression that may follow (its clearing price, its very
 * existence) is deliberately not representable here: that is the label, never a feature.
 */
export interface BidFeatures {
  readonly campaignItemId: string | number
  readonly domain?: string | null
  readonly creativeId?: string | number | null
  readonly creativeCategory?: string | null
  /** The price offered with the bid (the bid's own `win_price`); unknown → the missing-price indicator. */
  readonly winPrice?: number | null
}

/** A feature vector: strictly increasing bucket indices with their values (same length). */
export interface SparseVector {
  readonly indices: readonly number[]
  readonly values: readonly number[]
}
