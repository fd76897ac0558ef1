import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { StreamRecord } from './QueryRun.js'

/** Options of {@link readStream}. */
export interface ReadStreamOptions {
  readonly kinesis: Pick<KinesisClient, 'send'>
  readonly streamName: string
  /** Start at this instant (epoch ms); from the start of retention when absent. */
  readonly from?: number
  /** Called with every non-empty batch of a shard; says whether it held events (not only heartbeats). */
  readonly onBatch: (shardId: string, records: readonly StreamRecord[]) => boolean
  /** Called after each round over the shards; return false to stop. `idleMs`: time since the last event. */
  readonly onRound: (idleMs: number) => boolean
  /** Pause between rounds that found nothing. @default 200 */
  readonly pollMs?: number
  /** The clock, for the idle time. @default Date.now */
  readonly now?: () => number
}

async function shardIds(options: ReadStreamOptions): Promise<string[]> {
  const ids: string[] = []
  let token: string | undefined
  do {
    const page = await options.kinesis.send(new ListShardsCommand(token === undefined ? { StreamName: options.streamName } : { NextToken: token }))
    ids.push(...(page.Shards ?? []).map((s) => s.ShardId!))
    token = page.NextToken
  } while (token !== undefined)
  return ids
}

/**
 * Reads every shard of the stream from the start of retention (or `from`), round after round,
 * handing each batch to `onBatch`, until `onRound` says stop.
 */
export async function readStream(options: ReadStreamOptions): Promise<void> {
  const now = options.now ?? Date.now
  const iterators = new Map<string, string | undefined>()
  for (const shardId of await shardIds(options)) {
    const start =
      options.from === undefined
        ? { ShardIteratorType: 'TRIM_HORIZON' as const }
        : { ShardIteratorType: 'AT_TIMESTAMP' as const, Timestamp: new Date(options.from) }
    const answer = await options.kinesis.send(new GetShardIteratorCommand({ StreamName: options.streamName, ShardId: shardId, ...start }))
    iterators.set(shardId, answer.ShardIterator)
  }
  let lastEvent = now()
  for (;;) {
    let found = false
    for (const [shardId, iterator] of iterators) {
      if (iterator === undefined) continue
      const page = await options.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
      iterators.set(shardId, page.NextShardIterator)
      const records = page.Records ?? []
      if (records.length > 0) {
        found = true
        if (options.onBatch(shardId, records)) lastEvent = now()
      }
    }
    if (!options.onRound(now() - lastEvent)) return
    if (!found) await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200))
  }
}
