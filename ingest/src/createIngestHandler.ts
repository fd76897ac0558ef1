import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RETRY } from './constants.js'
import { createLogger, unavailable, type Logger } from '@sdp/service-kit'
import { IngestError } from './errors.js'
import { parseBody } from './http/parseBody.js'
import { readBody } from './http/readBody.js'
import { json, problem } from './http/responses.js'
import { putRecords, type PutOutcome, type PutRetry } from './kinesis/putRecords.js'
import { findRoute, ROUTES, type Route } from './routes.js'
import type { IngestHandler, IngestResponse, KinesisWriter, RetryOptions } from './types.js'
import { prepareEvents } from './validation/prepareEvents.js'
import type { IngestedEvent } from './validation/checkEvent.js'

/** What `createIngestHandler` needs: its clients and settings. */
export interface IngestHandlerOptions {
  /** Writes to Kinesis; a `KinesisClient` (for kinesalite, with `requestHandler: new NodeHttpHandler()`). */
  readonly kinesis: KinesisWriter
  /** The stream events are written to. */
  readonly streamName: string
  /** The ingest clock, epoch ms: stamps `ts` and bounds future `ts`. @default Date.now */
  readonly now?: () => number
  /** Largest accepted body, in bytes after base64 decoding. @default 1048576 */
  readonly maxBodyBytes?: number
  /** Retry of throttled or failed records. @default DEFAULT_RETRY */
  readonly retry?: RetryOptions
  /** Where infrastructure trouble is reported. @default JSON on stdout, service `ingest` */
  readonly logger?: Logger
}

const ROUTE_LIST = Object.keys(ROUTES)
  .map((path) => `POST ${path}`)
  .join(', ')

/**
 * Builds the ingest handler for `POST /bid`, `/click`, `/impression`, `/location` and `/events`: it reads and
 * validates the request at the door (nothing reaches the stream on any error), stamps `ts` when
 * absent, writes the events to Kinesis keyed by `tx_id` (location pings by `app_uid`), and answers with a JSON ack or a JSON
 * error. See the README for every status.
 *
 * @throws IngestError when an option breaks its rule
 * @example
 * ```ts
 * const handler = createIngestHandler({ kinesis: new KinesisClient({}), streamName: 'events' })
 * const response = await handler(apiGatewayEvent)
 * ```
 */
export function createIngestHandler(options: IngestHandlerOptions): IngestHandler {
  const { kinesis, streamName, now = Date.now, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options
  const logger = options.logger ?? createLogger({ serviceName: 'ingest' })
  if (typeof streamName !== 'string' || streamName.length === 0) {
    throw new IngestError('streamName must be a non-empty string')
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new IngestError('maxBodyBytes must be a positive integer')
  }
  const { retry, retryAfter } = resolveRetry(options.retry ?? {})

  async function handle(event: APIGatewayProxyEvent, context?: Context): Promise<IngestResponse> {
    const found = findRoute(event.path, event.resource)
    if (found === undefined) return problem(404, 'not found', `no route for ${event.path}; routes: ${ROUTE_LIST}`)
    if (event.httpMethod !== 'POST') {
      const message = `${event.httpMethod} ${found.path} is not allowed; use POST`
      return problem(405, 'method not allowed', message, {}, { allow: 'POST' })
    }
    const body = readBody(event, found.route, maxBodyBytes)
    if (!body.ok) return body.response
    const parsed = parseBody(body.text, body.format, found.route)
    if (!parsed.ok) return parsed.response
    const prepared = prepareEvents(found.route, parsed.items, now())
    if (!prepared.ok) return prepared.response
    const outcome = await putRecords(kinesis, streamName, prepared.records, retry)
    if (outcome.decision === 'written') return ack(found.route, prepared.events)
    return refusal(found.route, outcome, retryAfter, requestIdOf(event, context))
  }

  // The answer when records were not written. Only /events says which items: a single event is one item.
  function refusal(route: Route, outcome: PutOutcome, retryAfter: string, requestId: string | undefined): IngestResponse {
    const { decision, notWritten, causes } = outcome
    const details = { stream: streamName, requestId, decision, notWritten, causes }
    const which = route.kind === 'batch' ? { notWritten } : {}
    const later = { 'retry-after': retryAfter }
    switch (decision) {
      case 'throttled':
        logger.warn('stream throttled writes past the retries', details)
        return problem(429, 'throttled', `the stream is busy; retry after ${retryAfter} s`, which, later)
      case 'unavailable':
        logger.error('stream unavailable', details)
        return unavailable('the stream', { retryAfterSeconds: Number(retryAfter), details: which })
      default:
        logger.error('stream write failed', details)
        return problem(500, 'internal error', `the events could not be written (request ${requestId ?? 'unknown'})`, which)
    }
  }

  return async (event, context) => {
    try {
      return await handle(event, context)
    } catch (error) {
      const requestId = requestIdOf(event, context)
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
      logger.error('unexpected error', { requestId, error: detail })
      return problem(500, 'internal error', `unexpected error (request ${requestId ?? 'unknown'})`)
    }
  }
}

function ack(route: Route, events: readonly IngestedEvent[]): IngestResponse {
  const items = events.map((e) => (e.type === 'location' ? { type: e.type, app_uid: e.app_uid, ts: e.ts } : { type: e.type, tx_id: e.tx_id, ts: e.ts }))
  return route.kind === 'single' ? json(200, { ok: true, ...items[0] }) : json(200, { ok: true, items })
}

function requestIdOf(event: APIGatewayProxyEvent, context: Context | undefined): string | undefined {
  return event.requestContext?.requestId ?? context?.awsRequestId
}

function resolveRetry(options: RetryOptions): { retry: PutRetry; retryAfter: string } {
  const retry = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    random: options.random ?? Math.random,
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY.retryAfterSeconds
  if (!Number.isSafeInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new IngestError('retry.maxAttempts must be an integer ≥ 1')
  }
  if (!(retry.baseDelayMs >= 0) || !(retry.maxDelayMs >= retry.baseDelayMs)) {
    throw new IngestError('retry delays must satisfy 0 ≤ baseDelayMs ≤ maxDelayMs')
  }
  if (!Number.isSafeInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
    throw new IngestError('retry.retryAfterSeconds must be an integer ≥ 0')
  }
  return { retry, retryAfter: String(retryAfterSeconds) }
}
