import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { HEARTBEAT } from './constants.js'

/** The heartbeat record written to a shard, as JSON: `{"type":"heartbeat","ts":…,"shard_id":…}`. */
export interface HeartbeatRecord {
  readonly type: typeof HEARTBEAT.type
  /** Epoch milliseconds of the tick. */
  readonly ts: number
  /** The shard the record was aimed at. */
  readonly shard_id: string
}

/** Options of `writeHeartbeats`. */
export interface WriteHeartbeatsOptions {
  readonly kinesis: KinesisClient
  readonly streamName: string
  /** Clock for `ts`. @default Date.now */
  readonly now?: () => number
}

/** What one tick wrote. */
export interface HeartbeatTick {
  /** Epoch milliseconds written as `ts`. */
  readonly ts: number
  /** Open shards that received a heartbeat. */
  readonly shardIds: ReadonlyArray<string>
}

/** Options of `startHeartbeatTicker`. */
export interface HeartbeatTickerOptions extends WriteHeartbeatsOptions {
  /** Pause between the end of one tick and the start of the next; > 0. */
  readonly intervalMs: number
  /** Called after each successful tick. */
  readonly onTick?: (tick: HeartbeatTick) => void
  /** Called when a tick fails; the ticker keeps going. @default an ERROR log line (service `heartbeat`) */
  readonly onError?: (error: unknown) => void
}

/** A running ticker. */
export interface HeartbeatTicker {
  /** Stops ticking; resolves after an in-flight tick completes. Idempotent. */
  stop(): Promise<void>
}
