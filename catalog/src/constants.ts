/**
 * The ad event types that travel on the stream and are counted: `bid`, `imp` (impression), `click`.
 *
 * @example
 * ```ts
 * STREAM_EVENT_TYPES.includes('imp') // true
 * ```
 */
export const STREAM_EVENT_TYPES = ['bid', 'imp', 'click'] as const

/** One of {@link STREAM_EVENT_TYPES}. */
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number]

/** The `type` of the heartbeat record the ticker writes to every shard; consumers advance time with it and never count it. */
export const HEARTBEAT_TYPE = 'heartbeat'

/** The `type` of a location ping: a device (`app_uid`) was seen at a place. Not a transaction event: it has no `tx_id`. */
export const LOCATION_TYPE = 'location'

/**
 * Every event type a client may post: the ad event types and the location ping.
 *
 * @example
 * ```ts
 * INGEST_EVENT_TYPES.includes('location') // true
 * ```
 */
export const INGEST_EVENT_TYPES = [...STREAM_EVENT_TYPES, LOCATION_TYPE] as const

/** One of {@link INGEST_EVENT_TYPES}. */
export type IngestEventType = (typeof INGEST_EVENT_TYPES)[number]

/** Every `type` a consumer can meet on the stream: the ad event types, the location ping and the heartbeat. */
export const STREAM_RECORD_TYPES = [...INGEST_EVENT_TYPES, HEARTBEAT_TYPE] as const

/** One of {@link STREAM_RECORD_TYPES}. */
export type StreamRecordType = (typeof STREAM_RECORD_TYPES)[number]

/**
 * The longest accepted `tx_id`, counted in UTF-16 code units (JavaScript `length`): the Kinesis
 * partition-key limit is 256 characters, and `tx_id` is the partition key. Counting code units
 * never accepts a key Kinesis would refuse.
 */
export const TX_ID_MAX_LENGTH = 256
