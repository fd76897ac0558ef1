/** Default largest accepted request body, in bytes (after base64 decoding): 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576

/** Most events one `POST /events` may carry: the PutRecords limit per call. */
export const MAX_EVENTS_PER_REQUEST = 500

/** How far ahead of the ingest clock an event's `ts` may be: 5 minutes. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000

/** Kinesis limits a producer must respect. */
export const KINESIS_LIMITS = {
  /** Entries per PutRecords call. */
  putRecordsEntries: 500,
  /** Bytes per PutRecords call (data and partition keys of all entries). */
  putRecordsBytes: 5 * 1024 * 1024,
  /** Bytes per record (data and partition key). */
  recordBytes: 1024 * 1024,
} as const

/** Default retry of failed PutRecords entries: full-jitter exponential backoff, bounded attempts. */
export const DEFAULT_RETRY = {
  /** PutRecords attempts per entry, the first one included. */
  maxAttempts: 5,
  /** Backoff ceiling before the first retry, in ms; doubles per retry. */
  baseDelayMs: 50,
  /** Largest backoff ceiling, in ms. */
  maxDelayMs: 1000,
  /** `Retry-After` (seconds) sent with 429 and 503 answers. */
  retryAfterSeconds: 1,
} as const

/** Entry error codes of PutRecords that are worth retrying (the only two Kinesis documents). */
export const RETRYABLE_ENTRY_ERRORS = ['ProvisionedThroughputExceededException', 'InternalFailure'] as const

/** Errors a whole PutRecords call can throw that mean "slow down" rather than "broken". */
export const THROTTLING_ERRORS = ['ProvisionedThroughputExceededException', 'ThrottlingException', 'KMSThrottlingException', 'LimitExceededException'] as const
