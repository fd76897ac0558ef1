/** Base error of ingest: every message names the rule that was broken. */
export class IngestError extends Error {
  override name = 'IngestError'
}

/** The handler's environment is missing a variable or holds a bad value ("STREAM_NAME is required"). */
export class ConfigurationError extends IngestError {
  override name = 'ConfigurationError'
}

/** A factory got an option that breaks one of its rules ("maxBodyBytes must be a positive integer"). */
export class InvalidArgumentError extends IngestError {
  override name = 'InvalidArgumentError'
}
