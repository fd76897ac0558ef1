import type * as t from 'io-ts'
import { HEARTBEAT_TYPE } from '../constants.js'
import { EpochMillis, NonEmptyText } from '../_internal/fields.js'
import { recordCodec } from '../_internal/recordCodecs.js'

/**
 * A heartbeat: written by the ticker to every shard so quiet shards still advance event time.
 * Consumers move their watermark with `ts` and never count it; it never reaches the lake or the
 * reports. io-ts codec; every field required; unknown fields stripped.
 *
 * @example
 * ```ts
 * Heartbeat.decode({ type: 'heartbeat', ts: 1795831445000, shard_id: 'shardId-000000000000' })
 * ```
 */
export const Heartbeat = recordCodec('Heartbeat', HEARTBEAT_TYPE, { ts: EpochMillis, shard_id: NonEmptyText })
/** A decoded heartbeat. */
export type Heartbeat = t.TypeOf<typeof Heartbeat>
