export {
  HEARTBEAT_TYPE,
  STREAM_EVENT_TYPES,
  STREAM_RECORD_TYPES,
  TX_ID_MAX_LENGTH,
  type StreamEventType,
  type StreamRecordType,
} from './constants.js'
export { CatalogError, InvalidArgumentError } from './errors.js'
export type { FieldError, Stamped, Validation } from './types.js'
export { Bid } from './events/Bid.js'
export { Impression } from './events/Impression.js'
export { Click } from './events/Click.js'
export { AdEvent } from './events/AdEvent.js'
export { Heartbeat } from './events/Heartbeat.js'
export { StreamRecord, type StampedAdEvent } from './events/StreamRecord.js'
export { eventIdentity, type EventIdentity } from './events/eventIdentity.js'
export { Aggregation } from './aggregates/Aggregation.js'
export { validateRecord } from './validation/validateRecord.js'
export { validateEvent, type EventValidation } from './validation/validateEvent.js'
export { parseStreamRecord, type ParsedStreamRecord } from './validation/parseStreamRecord.js'
