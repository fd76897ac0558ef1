import type { Logger } from '../logging/createLogger.js'

/** An API Gateway proxy answer with a JSON body, as every HTTP handler of the platform builds it. */
export interface JsonResponse {
  statusCode: number
  headers: Record<string, string>
  body: string
}

/** Seconds a client is told to wait after a 503 unless a handler says otherwise. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1

/**
 * The 503 every HTTP handler answers when something it depends on (Kinesis, DynamoDB, S3) failed:
 * `{"error":"unavailable","message":"<what> is unavailable; retry after N s", ...details}` with a
 * `retry-after` header.
 *
 * @example
 * unavailable('the stream', { retryAfterSeconds: 1, details: { notWritten: [3] } })
 */
export function unavailable(
  what: string,
  options: { readonly retryAfterSeconds?: number; readonly details?: Readonly<Record<string, unknown>> } = {},
): JsonResponse {
  const seconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS
  return {
    statusCode: 503,
    headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
    body: JSON.stringify({ error: 'unavailable', message: `${what} is unavailable; retry after ${seconds} s`, ...options.details }),
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'])

/**
 * Whether an error comes from a service or the network rather than from the code: an AWS SDK
 * error (it carries `$metadata` or `$fault`), a timeout, or a connection failure.
 */
export function isInfrastructureError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { $metadata?: unknown; $fault?: unknown; name?: unknown; code?: unknown; cause?: unknown }
  if (e.$metadata !== undefined || e.$fault !== undefined) return true
  if (e.name === 'TimeoutError' || (typeof e.code === 'string' && NETWORK_CODES.has(e.code))) return true
  return e.cause !== undefined && e.cause !== error && isInfrastructureError(e.cause)
}

/** Options of {@link answeringUnavailable}. */
export interface AnsweringUnavailableOptions {
  /** Logs each failure answered with 503. */
  readonly logger: Pick<Logger, 'error'>
  /** What is unavailable, for the message, e.g. `the results table`. */
  readonly what: string
  /** @default 1 */
  readonly retryAfterSeconds?: number
}

/**
 * Wraps an HTTP handler so that an infrastructure failure it throws (see
 * {@link isInfrastructureError}) is logged and answered with {@link unavailable}; any other error
 * still throws.
 *
 * @example
 * const api = answeringUnavailable(reportsApi, { logger, what: 'the results table' })
 */
export function answeringUnavailable<E, R>(handler: (event: E) => Promise<R>, options: AnsweringUnavailableOptions): (event: E) => Promise<R | JsonResponse> {
  return async (event) => {
    try {
      return await handler(event)
    } catch (error) {
      if (!isInfrastructureError(error)) throw error
      options.logger.error(`${options.what} is unavailable`, error as Error)
      return unavailable(options.what, options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds })
    }
  }
}
