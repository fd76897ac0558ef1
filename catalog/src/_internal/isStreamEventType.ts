import { INGEST_EVENT_TYPES, STREAM_EVENT_TYPES, type IngestEventType, type StreamEventType } from '../constants.js'

/** Whether `value` is one of `STREAM_EVENT_TYPES`. */
export function isStreamEventType(value: unknown): value is StreamEventType {
  return (STREAM_EVENT_TYPES as readonly unknown[]).includes(value)
}

/** `"bid", "imp", "click"`, for messages. */
export const STREAM_EVENT_TYPE_LIST = STREAM_EVENT_TYPES.map((type) => `"${type}"`).join(', ')

/** Whether `value` is one of `INGEST_EVENT_TYPES` (the ad event types and `location`). */
export function isIngestEventType(value: unknown): value is IngestEventType {
  return (INGEST_EVENT_TYPES as readonly unknown[]).includes(value)
}

/** `"bid", "imp", "click", "location"`, for messages. */
export const INGEST_EVENT_TYPE_LIST = INGEST_EVENT_TYPES.map((type) => `"${type}"`).join(', ')
