import { STREAM_EVENT_TYPES, type StreamEventType } from '../constants.js'

/** Whether `value` is one of `STREAM_EVENT_TYPES`. */
export function isStreamEventType(value: unknown): value is StreamEventType {
  return (STREAM_EVENT_TYPES as readonly unknown[]).includes(value)
}

/** `"bid", "imp", "click"`, for messages. */
export const STREAM_EVENT_TYPE_LIST = STREAM_EVENT_TYPES.map((type) => `"${type}"`).join(', ')
