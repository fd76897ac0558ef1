/**
 * Errors of the local embedded platform: one base class, narrow subclasses whose messages name
 * the broken rule.
 */

/** Base class of every error thrown by `@sdp/infra`'s local platform. */
export class LocalPlatformError extends Error {
  override name = 'LocalPlatformError'
}

/** A configuration value (environment variable or option) is missing or malformed: the one ConfigError of every service. */
export { ConfigError } from '@sdp/service-kit'

/** Options given to the event-source-mapping emulator break one of its rules. */
export class EventSourceMappingOptionsError extends LocalPlatformError {
  override name = 'EventSourceMappingOptionsError'
}

/** A checkpoint file exists but cannot be read back (corrupt or from an unknown format). */
export class CheckpointError extends LocalPlatformError {
  override name = 'CheckpointError'
}

/** A local resource (stream, table, bucket) did not become ACTIVE in time. */
export class ResourceNotReadyError extends LocalPlatformError {
  override name = 'ResourceNotReadyError'
}

/** An HTTP route definition is malformed (method, resource template). */
export class RouteDefinitionError extends LocalPlatformError {
  override name = 'RouteDefinitionError'
}

/** A worker thread of the platform (local services, stream consumers) stopped without being asked to. */
export class ThreadCrashedError extends LocalPlatformError {
  override name = 'ThreadCrashedError'
}
