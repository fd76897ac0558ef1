/**
 * The heartbeat Lambda (DESIGN.md decision 6): an EventBridge schedule invokes it every minute and
 * it writes one heartbeat record into every open shard, so quiet shards still advance their
 * consumers' watermarks, close their periods and resolve lost bids.
 *
 * | variable | |
 * |---|---|
 * | `STREAM_NAME` | required: the Kinesis stream to tick |
 * | `AWS_REGION`, `AWS_ENDPOINT_URL_KINESIS` | AWS SDK default resolution (the latter points at kinesalite locally) |
 *
 * Needs `kinesis:ListShards` and `kinesis:PutRecords` on the stream.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { ScheduledEvent } from 'aws-lambda'
import { CLIENT_TIMEOUTS } from '../config/clientTimeouts.js'
import { requiredEnv, type Env } from '../config/env.js'
import { writeHeartbeats } from '../heartbeat/writeHeartbeats.js'
import type { HeartbeatTick, WriteHeartbeatsOptions } from '../heartbeat/types.js'

/** A heartbeat handler: one tick per invocation, whatever the event says. */
export type HeartbeatHandler = (event?: ScheduledEvent) => Promise<HeartbeatTick>

/**
 * Builds the handler from its client and stream; tests and the local platform call this.
 *
 * @example
 * const tick = createHeartbeatHandler({ kinesis, streamName: 'sdp-events' })
 * await tick()
 */
export function createHeartbeatHandler(options: WriteHeartbeatsOptions): HeartbeatHandler {
  return async () => {
    const tick = await writeHeartbeats(options)
    console.log(JSON.stringify({ message: 'heartbeat', ts: tick.ts, shards: tick.shardIds.length }))
    return tick
  }
}

/** Builds the handler from the environment; a missing `STREAM_NAME` throws a ConfigError naming it. */
export function heartbeatHandlerFromEnv(env: Env = process.env): HeartbeatHandler {
  // NodeHttpHandler speaks HTTP/1.1, which kinesalite needs locally and Kinesis accepts.
  const kinesis = new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) })
  return createHeartbeatHandler({ kinesis, streamName: requiredEnv(env, 'STREAM_NAME') })
}

let configured: HeartbeatHandler | undefined

/** The Lambda entry point; reads its settings on first use so a missing one fails the invocation with a clear error. */
export async function handler(event: ScheduledEvent): Promise<HeartbeatTick> {
  configured ??= heartbeatHandlerFromEnv()
  return configured(event)
}
