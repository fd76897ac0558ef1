import { PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import { listAllShards } from '../kinesis/listAllShards.js'
import { putUntilAccepted, type RetryPolicy } from '@sdp/service-kit'
import { HEARTBEAT } from './constants.js'
import { HeartbeatWriteError } from './errors.js'
import type { HeartbeatRecord, HeartbeatTick, WriteHeartbeatsOptions } from './types.js'

/** Entries PutRecords rejects are sent again, four times at most, within about 1.5 s. */
const RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 800 }

/**
 * Writes one heartbeat into every OPEN shard of the stream: `ExplicitHashKey` is the shard's
 * `StartingHashKey`, so the record lands in exactly that shard whatever the partition key.
 * Entries PutRecords rejects (throttling) are retried a few times.
 *
 * @returns the `ts` written and the shards reached
 * @throws HeartbeatWriteError when some shard could not be written
 * @example
 * await writeHeartbeats({ kinesis, streamName: 'sdp-events' })
 */
export async function writeHeartbeats(options: WriteHeartbeatsOptions): Promise<HeartbeatTick> {
  const { kinesis, streamName } = options
  const ts = (options.now ?? Date.now)()
  const open = (await listAllShards(kinesis, streamName)).filter((shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined)
  const entries: PutRecordsRequestEntry[] = open.map((shard) => {
    const record: HeartbeatRecord = { type: HEARTBEAT.type, ts, shard_id: shard.ShardId ?? '' }
    return {
      Data: Buffer.from(JSON.stringify(record)),
      PartitionKey: HEARTBEAT.partitionKey,
      ExplicitHashKey: shard.HashKeyRange?.StartingHashKey,
    }
  })
  const left = await putUntilAccepted(
    entries,
    async (pending) => {
      const { Records = [] } = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: [...pending] }))
      return pending.map((_, i) => Records[i] === undefined || Records[i]?.ErrorCode !== undefined)
    },
    RETRY,
  )
  if (left.length > 0) {
    throw new HeartbeatWriteError(`${left.length} heartbeat(s) to ${streamName} were still rejected after ${RETRY.maxAttempts} attempts`)
  }
  return { ts, shardIds: open.map((shard) => shard.ShardId ?? '') }
}
