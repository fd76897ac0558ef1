import type { PutRecordsCommand, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis'
import type { APIGatewayProxyEvent, Context } from 'aws-lambda'

/** An API Gateway proxy response as ingest builds it: always a JSON body. */
export interface IngestResponse {
  statusCode: number
  headers: Record<string, string>
  body: string
}

/** The ingest Lambda handler: an API Gateway (REST, payload 1.0) proxy event in, a JSON response out. */
export type IngestHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<IngestResponse>

/** The one Kinesis call ingest makes. A `KinesisClient` is one; tests may pass a small fake. */
export interface KinesisWriter {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>
}

/** How failed PutRecords entries are retried. Every field has a default (see `DEFAULT_RETRY`). */
export interface RetryOptions {
  /** PutRecords attempts per entry, the first included. @default 5 */
  readonly maxAttempts?: number
  /** Backoff ceiling before the first retry, in ms; doubles per retry (full jitter below it). @default 50 */
  readonly baseDelayMs?: number
  /** Largest backoff ceiling, in ms. @default 1000 */
  readonly maxDelayMs?: number
  /** `Retry-After` seconds on 429 and 503 answers. @default 1 */
  readonly retryAfterSeconds?: number
  /** Waits `ms` milliseconds; inject to test without waiting. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number
}
