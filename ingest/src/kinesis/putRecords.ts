import { PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import { KINESIS_LIMITS, RETRYABLE_ENTRY_ERRORS, THROTTLING_ERRORS } from '../constants.js'
import type { KinesisWriter } from '../types.js'
import { Backoff, type RetryControls, type RetryPolicy } from '@sdp/service-kit'

/** How a write ended: all written, or why some records were not. */
export type PutDecision = 'written' | 'throttled' | 'unavailable' | 'failed'

/** What `putRecords` did. `notWritten` holds record indexes, ascending. */
export interface PutOutcome {
  readonly decision: PutDecision
  readonly notWritten: readonly number[]
  /** The error codes seen on the records not written, or the error a call threw. */
  readonly causes: readonly string[]
  /** PutRecords calls made. */
  readonly calls: number
}

/** The retry settings `putRecords` needs: the policy, and the sleep and jitter source (injected in tests). */
export type PutRetry = RetryPolicy & RetryControls

const retryableEntry = new Set<string>(RETRYABLE_ENTRY_ERRORS)
const throttling = new Set<string>(THROTTLING_ERRORS)
const THROTTLED = 'ProvisionedThroughputExceededException'

/** Splits record indexes into PutRecords calls within the entry-count and byte limits. */
export function* chunks(indexes: readonly number[], records: readonly PutRecordsRequestEntry[]): Generator<number[]> {
  let chunk: number[] = []
  let bytes = 0
  for (const index of indexes) {
    const record = records[index]
    const size = (record?.Data?.length ?? 0) + Buffer.byteLength(record?.PartitionKey ?? '')
    const full = chunk.length === KINESIS_LIMITS.putRecordsEntries || bytes + size > KINESIS_LIMITS.putRecordsBytes
    if (chunk.length > 0 && full) {
      yield chunk
      chunk = []
      bytes = 0
    }
    chunk.push(index)
    bytes += size
  }
  if (chunk.length > 0) yield chunk
}

/**
 * Writes records to a stream with PutRecords and retries **only the failed entries**
 * (`ProvisionedThroughputExceededException`, `InternalFailure`, or a whole call throttled) with
 * full-jitter exponential backoff, at most `maxAttempts` attempts per record. A call that fails
 * for another reason stops the write at once. Records are written in calls of at most 500 entries
 * and 5 MiB.
 *
 * The decision: `written`; `throttled` when throttling outlasted the retries; `unavailable` when
 * Kinesis kept failing internally or could not be reached; `failed` for anything else (a missing
 * stream, no permission, a refused record).
 */
export async function putRecords(kinesis: KinesisWriter, streamName: string, records: readonly PutRecordsRequestEntry[], retry: PutRetry): Promise<PutOutcome> {
  const causes = new Map<number, string>() // last error code of each record not (yet) written
  const permanent: number[] = []
  let pending = records.map((_, index) => index)
  let calls = 0
  const backoff = new Backoff(retry, retry)
  for (;;) {
    const again: number[] = []
    const batches = [...chunks(pending, records)]
    for (const [b, batch] of batches.entries()) {
      calls++
      const sent = await sendBatch(kinesis, streamName, records, batch)
      if ('stop' in sent) {
        const notWritten = [...permanent, ...again, ...batches.slice(b).flat()].sort((x, y) => x - y)
        return { decision: sent.stop, notWritten, causes: [sent.cause], calls }
      }
      sortEntries(batch, sent.results, { causes, again, permanent })
    }
    if (again.length === 0 || !(await backoff.pause())) return finalOutcome(permanent, again, causes, calls)
    pending = again
  }
}

/** The per-entry answers of one PutRecords call; a throttled call counts as every entry throttled. */
type BatchAnswer = { readonly results: readonly EntryResult[] } | { readonly stop: PutDecision; readonly cause: string }

/** An entry's answer: an error code, or none when it was written. */
interface EntryResult {
  readonly ErrorCode?: string | undefined
}

/** Sends one batch. A call that throws for another reason than throttling stops the whole write. */
async function sendBatch(
  kinesis: KinesisWriter,
  streamName: string,
  records: readonly PutRecordsRequestEntry[],
  batch: readonly number[],
): Promise<BatchAnswer> {
  try {
    const entries = batch.map((i) => records[i]!)
    const output = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: entries }))
    return { results: output.Records ?? [] }
  } catch (error) {
    const thrown = (error as { name?: unknown } | null)?.name
    const name = typeof thrown === 'string' ? thrown : 'Error'
    if (!throttling.has(name)) return { stop: isServerSide(error) ? 'unavailable' : 'failed', cause: name }
    return { results: batch.map(() => ({ ErrorCode: THROTTLED })) }
  }
}

/** Where the records of a batch go after an answer: written, to try again, or refused for good. */
interface Tally {
  readonly causes: Map<number, string>
  readonly again: number[]
  readonly permanent: number[]
}

function sortEntries(batch: readonly number[], results: readonly EntryResult[], { causes, again, permanent }: Tally): void {
  for (const [k, index] of batch.entries()) {
    const entry = results[k]
    // an answer short of entries would be a Kinesis fault: treat the missing ones as InternalFailure
    const code = entry === undefined ? 'InternalFailure' : entry.ErrorCode
    if (code === undefined) continue
    causes.set(index, code)
    ;(retryableEntry.has(code) ? again : permanent).push(index)
  }
}

/** The outcome once nothing is left to retry, or the retries are spent. */
function finalOutcome(permanent: readonly number[], again: readonly number[], causes: ReadonlyMap<number, string>, calls: number): PutOutcome {
  const notWritten = [...permanent, ...again].sort((x, y) => x - y)
  const codes = new Set(notWritten.map((i) => causes.get(i) ?? 'InternalFailure'))
  const decision: PutDecision = notWritten.length === 0 ? 'written' : permanent.length > 0 ? 'failed' : codes.has(THROTTLED) ? 'throttled' : 'unavailable'
  return { decision, notWritten, causes: [...codes], calls }
}

/** A fault on Kinesis' side or on the way there (no `$fault: 'client'`): worth trying again later. */
function isServerSide(error: unknown): boolean {
  return (error as { $fault?: string } | null)?.$fault !== 'client'
}
