import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { Context, KinesisStreamRecord, KinesisStreamTumblingWindowEvent } from 'aws-lambda'
import type { Logger } from '../logger.js'

/** The `state` object a tumbling-window function carries from one invocation to the next. */
export type WindowState = { [key: string]: unknown }

/**
 * The event Lambda delivers to a Kinesis tumbling-window function. Unlike
 * `KinesisStreamTumblingWindowEvent` of `@types/aws-lambda` it declares the top-level `shardId`
 * and `eventSourceARN` Lambda sends, and `state` is always present (`{}` on a window's first call).
 */
export interface KinesisTumblingWindowEvent extends KinesisStreamTumblingWindowEvent {
  Records: KinesisStreamRecord[]
  window: { start: string; end: string }
  state: WindowState
  shardId: string
  eventSourceARN: string
  isFinalInvokeForWindow: boolean
  isWindowTerminatedEarly: boolean
}

/** A reported partial failure: `itemIdentifier` is the record's sequence number. */
export interface BatchItemFailure {
  itemIdentifier: string
}

/**
 * What a tumbling-window function returns. A response without `state` is a failed invocation
 * `batchItemFailures` makes Lambda retry from the lowest listed sequence number.
 */
export interface WindowHandlerResponse {
  state?: WindowState
  batchItemFailures?: BatchItemFailure[] | null
}

/** A tumbling-window Lambda function: `handler(event, context)`. */
export type WindowHandler = (
  event: KinesisTumblingWindowEvent,
  context: Context,
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- as aws-lambda's handler type: a handler may return nothing
) => Promise<WindowHandlerResponse | void>

/**
 * Builds a handler instance: one "container". Called once per shard (a warm container per shard)
 * or, with `freshContainers`, once per invocation.
 */
export type WindowHandlerFactory = () => WindowHandler | Promise<WindowHandler>

/** Reads the current time in epoch milliseconds. */
export type Clock = () => number

/** Options of {@link EventSourceMapping}. */
export interface EventSourceMappingOptions {
  /** Mapping (function) name: names the checkpoint folder and the Lambda context. */
  readonly name: string
  /** Client of the Kinesis API (kinesalite locally). */
  readonly kinesis: KinesisClient
  /** Stream to consume; it must exist. */
  readonly streamName: string
  /** Checkpoints live under `<dataDir>/esm/<name>/<shardId>.json`. */
  readonly dataDir: string
  /** Builds the function's handler (see {@link WindowHandlerFactory}). */
  readonly handlerFactory: WindowHandlerFactory
  /** `TumblingWindowInSeconds`, an integer 1–900. @default 5 */
  readonly windowSeconds?: number
  /** Maximum records per invocation, 1–10,000. @default 10000 */
  readonly batchSize?: number
  /** Pause between GetRecords calls of an idle shard. @default 200 */
  readonly pollIntervalMs?: number
  /** How often ListShards looks for new (child) shards. @default 1000 */
  readonly discoveryIntervalMs?: number
  /** Build a new handler for every invocation, so no warm cache survives. @default false */
  readonly freshContainers?: boolean
  /** Invoke every event twice with the same input state and keep the second response. @default false */
  readonly deliverTwice?: boolean
  /** First retry delay after a failed invocation; doubles per attempt. @default 100 */
  readonly retryBaseMs?: number
  /** Upper bound of the retry delay. @default 5000 */
  readonly retryMaxMs?: number
  /** Wall clock deciding when a window's end has passed. @default Date.now */
  readonly clock?: Clock
  /** Where failures and lifecycle events are logged. @default consoleLogger */
  readonly logger?: Logger
}

/** Running totals of a mapping. */
export interface EventSourceMappingCounters {
  /** Handler calls (with `deliverTwice`, two per event). */
  readonly invocations: number
  /** Successful final invokes (`isFinalInvokeForWindow: true`). */
  readonly finalInvocations: number
  /** Invocations that threw, returned no `state`, or reported `batchItemFailures`. */
  readonly failures: number
  /** Records whose invocation succeeded (each counted once). */
  readonly records: number
}

/**
 * What the platform reads of a running mapping, wherever it runs (this thread, or the consumer
 * thread, where it is a snapshot at most a status interval old).
 */
export interface EventSourceMappingView {
  readonly name: string
  /** Every shard that may be processed now has a poller holding an iterator. */
  readonly attached: boolean
  /** Totals since start. */
  readonly counters: EventSourceMappingCounters
  /** The consumer's own counters (its definition's `stats`), when it has any. */
  readonly stats?: Readonly<Record<string, number>>
  /** The iterator-age equivalent, in milliseconds. */
  lagMs(): number
}

/** The durable per-shard checkpoint: where processing stands and the open window's state. */
export interface ShardCheckpoint {
  readonly version: 1
  readonly shardId: string
  /** Last sequence number the handler processed successfully; `null` before the first. */
  readonly sequenceNumber: string | null
  /** The open window, or `null` after its final invoke. */
  readonly window: { readonly start: string; readonly end: string; readonly state: WindowState } | null
  /** The shard is closed, read to its end, and its last window got its final invoke. */
  readonly finished: boolean
  readonly updatedAt: string
}
