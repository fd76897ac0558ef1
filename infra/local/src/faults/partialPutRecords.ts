import { INTERNAL_FAILURE_MESSAGE, throttledMessage } from './awsErrorResponses.js'
import type { EntryErrorCode } from './decideFault.js'

/** A PutRecords request body (JSON 1.1), as far as the proxy reads it. */
export interface PutRecordsBody {
  readonly StreamName?: string
  readonly StreamARN?: string
  readonly Records: ReadonlyArray<unknown>
  readonly [other: string]: unknown
}

/** One entry of a PutRecords answer. */
export interface PutRecordsResultEntry {
  readonly SequenceNumber?: string
  readonly ShardId?: string
  readonly ErrorCode?: string
  readonly ErrorMessage?: string
}

/** A PutRecords answer body. */
export interface PutRecordsResult {
  readonly FailedRecordCount: number
  readonly Records: ReadonlyArray<PutRecordsResultEntry>
  readonly EncryptionType?: string
}

/** Parses a PutRecords body; undefined when it is not one (the service then answers it as it will). */
export function parsePutRecords(body: Buffer): PutRecordsBody | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Partial<PutRecordsBody> | null
    return Array.isArray(parsed?.Records) ? (parsed as PutRecordsBody) : undefined
  } catch {
    return undefined
  }
}

/** The stream a Kinesis request names (its name, or the last part of its ARN). */
export function streamOf(body: { readonly StreamName?: unknown; readonly StreamARN?: unknown } | undefined): string {
  if (typeof body?.StreamName === 'string') return body.StreamName
  if (typeof body?.StreamARN === 'string') return body.StreamARN.split('/').at(-1) ?? ''
  return ''
}

/**
 * The request to forward for a partial failure: the same body with only the entries that have no
 * error code, in their order; undefined when every entry is refused (nothing reaches the service).
 */
export function forwardedPutRecords(request: PutRecordsBody, refused: ReadonlyArray<EntryErrorCode | undefined>): Buffer | undefined {
  const kept = request.Records.filter((_, i) => refused[i] === undefined)
  return kept.length === 0 ? undefined : Buffer.from(JSON.stringify({ ...request, Records: kept }))
}

/**
 * Kinesis' answer to the whole request: the service's result entries for the forwarded records
 * and the refused entries' errors, merged back into the request's order, with `FailedRecordCount`
 * counting both. `upstream` is the service's answer to {@link forwardedPutRecords} (undefined when
 * nothing was forwarded).
 */
export function mergePutRecordsResult(
  refused: ReadonlyArray<EntryErrorCode | undefined>,
  upstream: PutRecordsResult | undefined,
  stream: string,
): PutRecordsResult {
  const forwarded = [...(upstream?.Records ?? [])]
  let failed = 0
  const records = refused.map((code): PutRecordsResultEntry => {
    if (code === undefined) {
      const entry = forwarded.shift() ?? { ErrorCode: 'InternalFailure', ErrorMessage: INTERNAL_FAILURE_MESSAGE }
      if (entry.ErrorCode !== undefined) failed++
      return entry
    }
    failed++
    return { ErrorCode: code, ErrorMessage: code === 'InternalFailure' ? INTERNAL_FAILURE_MESSAGE : throttledMessage(stream) }
  })
  return {
    FailedRecordCount: failed,
    Records: records,
    ...(upstream?.EncryptionType === undefined ? {} : { EncryptionType: upstream.EncryptionType }),
  }
}
