import { PutRecordsCommand, type KinesisClient, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import { putUntilAccepted, type RetryPolicy } from '@sdp/service-kit'
import { StreamRuntimeError } from '../errors.js'

/** PutRecords takes at most 500 entries and 5 MiB. */
const MAX_ENTRIES = 500
const MAX_CALL_BYTES = 4 * 1024 * 1024

/**
 * Pacing of the retries of entries a keyed stream refuses (throttling). Every upstream shard
 * flushes at the end of the same Lambda window, so this rides out about 20 s of such a burst
 * rather than sizing the keyed stream for it: 10 attempts from 200 ms, at most 5 s apart.
 */
export const BURST_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 5000 }

/**
 * Writes one round of packed records (at most one per key group, so their order does not
 * matter) with PutRecords, in calls within its limits, retrying the refused entries with the
 * shared policy. Returns only when every entry is stored, else throws so that Lambda retries the
 * batch (the consumer recognises what the retry sends again).
 */
export async function putPackedRecords(
  kinesis: Pick<KinesisClient, 'send'>,
  streamName: string,
  entries: readonly PutRecordsRequestEntry[],
  retry: RetryPolicy = BURST_RETRY,
): Promise<void> {
  await Promise.all(
    callsOf(entries).map(async (call) => {
      const left = await putUntilAccepted(
        call,
        async (pending) => {
          const out = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: [...pending] }))
          return pending.map((_, i) => Boolean(out.FailedRecordCount) && (out.Records?.[i] === undefined || out.Records[i]?.ErrorCode !== undefined))
        },
        retry,
      )
      if (left.length > 0) throw new StreamRuntimeError(`the stream ${streamName} refused ${left.length} records after every retry`)
    }),
  )
}

/** Entries split into PutRecords calls within its entry and size limits. */
function callsOf(entries: readonly PutRecordsRequestEntry[]): PutRecordsRequestEntry[][] {
  const calls: PutRecordsRequestEntry[][] = [[]]
  let bytes = 0
  for (const e of entries) {
    const size = (e.Data?.byteLength ?? 0) + (e.PartitionKey?.length ?? 0)
    const current = calls.at(-1) as PutRecordsRequestEntry[]
    if (current.length > 0 && (current.length === MAX_ENTRIES || bytes + size > MAX_CALL_BYTES)) {
      calls.push([e])
      bytes = size
    } else {
      current.push(e)
      bytes += size
    }
  }
  return calls
}
