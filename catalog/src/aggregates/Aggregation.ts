import * as t from 'io-ts'
import { Count, EpochMillis, SafeInteger } from '../_internal/fields.js'

/**
 * The counts of one campaign in one event-time period. `period` is the period's start in epoch
 * milliseconds (`floor(ts / length) * length`); `bids`, `imps`, `clicks` are counts ≥ 0. io-ts
 * codec; every field required; unknown fields stripped.
 *
 * @example
 * ```ts
 * Aggregation.decode({ campaign_item_id: 1463517, period: 1795831440000, bids: 3, imps: 1, clicks: 0 })
 * ```
 */
export const Aggregation = t.exact(t.type({ campaign_item_id: SafeInteger, period: EpochMillis, bids: Count, imps: Count, clicks: Count }), 'Aggregation')
/** A decoded aggregation row. */
export type Aggregation = t.TypeOf<typeof Aggregation>
