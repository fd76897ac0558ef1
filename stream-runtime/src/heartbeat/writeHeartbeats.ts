import { PutRecordsCommand, type PutRecordsRequestEntry, type KinesisClient } from '@aws-sdk/client-kinesis'
import { listAllShards } from '../kinesis/listAllShards.js'
import { HEARTBEAT } from './constants.js'
import { HeartbeatWriteError } from './errors.js'
import type { HeartbeatRecord, HeartbeatTick, WriteHeartbeatsOptions } from './types.js'

const MAX_ATTEMPTS = 5

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
  const open = (await listAllShards(kinesis, streamName)).filter(
    (shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined,
  )
  let pending: PutRecordsRequestEntry[] = open.map((shard) => {
    const record: HeartbeatRecord = { type: HEARTBEAT.type, ts, shard_id: shard.ShardId ?? '' }
    return {
      Data: Buffer.from(JSON.stringify(record)),
      PartitionKey: HEARTBEAT.partitionKey,
      ExplicitHashKey: shard.HashKeyRange?.StartingHashKey,
    }
  })
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const { Records = [] } = await kinesis.send(
      new PutRecordsCommand({ StreamName: streamName, Records: pending }),
    )
    pending = pending.filter((_, i) => Records[i]?.ErrorCode !== undefined || Records[i] === undefined)
    if (pending.length > 0 && attempt >= MAX_ATTEMPTS) {
      throw new HeartbeatWriteError(
        `${pending.length} heartbeat(s) to ${streamName} were still rejected after ${MAX_ATTEMPTS} attempts`,
      )
    }
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt))
  }
  return { ts, shardIds: open.map((shard) => shard.ShardId ?? '') }
}
