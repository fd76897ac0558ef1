export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRY,
  KINESIS_LIMITS,
  MAX_EVENTS_PER_REQUEST,
  MAX_FUTURE_SKEW_MS,
} from './constants.js'
export { IngestError } from './errors.js'
export type { IngestHandler, IngestResponse, KinesisWriter, RetryOptions } from './types.js'
export { createIngestHandler, type IngestHandlerOptions } from './createIngestHandler.js'
export { INGEST_SETTINGS, readIngestConfig, type IngestConfig } from './readIngestConfig.js'
export { ROUTES, type Route } from './routes.js'
