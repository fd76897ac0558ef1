/**
 * The heartbeat Lambda: an EventBridge schedule invokes it every minute and it writes one
 * heartbeat record into every open shard, so quiet shards still advance their consumers'
 * watermarks, close their periods and resolve lost bids.
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
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, reportCounts, string, type Env, type Telemetry } from '@sdp/service-kit'
import type { ScheduledEvent } from 'aws-lambda'
import { writeHeartbeats } from '../heartbeat/writeHeartbeats.js'
import type { HeartbeatTick, WriteHeartbeatsOptions } from '../heartbeat/types.js'

/** A heartbeat handler: one tick per invocation, whatever the event says. */
export type HeartbeatHandler = (event?: ScheduledEvent) => Promise<HeartbeatTick>

/** What {@link createHeartbeatHandler} needs: the client and stream, and where to report. */
export interface HeartbeatHandlerDependencies extends WriteHeartbeatsOptions {
  /** @default JSON on stdout, service `heartbeat` */
  readonly telemetry?: Telemetry
}

const telemetry = createTelemetry({ serviceName: 'heartbeat' })

/**
 * Builds the handler from its client and stream; tests and the local platform call this. Each
 * tick logs `heartbeat` with its `ts` and the count of `shards` reached (also a metric).
 *
 * @example
 * const tick = createHeartbeatHandler({ kinesis, streamName: 'sdp-events' })
 * await tick()
 */
export function createHeartbeatHandler(deps: HeartbeatHandlerDependencies): HeartbeatHandler {
  const report = deps.telemetry ?? telemetry
  return async () => {
    const tick = await writeHeartbeats(deps)
    reportCounts(report, 'heartbeat', { ts: tick.ts }, { shards: tick.shardIds.length })
    return tick
  }
}

/** Builds the handler from the environment. @throws ConfigError when `STREAM_NAME` is missing */
export function heartbeatHandlerFromEnv(env: Env = process.env): HeartbeatHandler {
  const { streamName } = readEnv(env, { streamName: string('STREAM_NAME', { describe: 'the Kinesis stream to tick' }) })
  // NodeHttpHandler speaks HTTP/1.1, which kinesalite needs locally and Kinesis accepts.
  const kinesis = new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) })
  return createHeartbeatHandler({ kinesis, streamName, telemetry })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler: (event: ScheduledEvent) => Promise<HeartbeatTick> = lazyHandler(() => heartbeatHandlerFromEnv(), telemetry.logger)
