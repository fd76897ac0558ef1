import {
  lastSequenceOf,
  planWindowInvocation,
  runWindowInvocation,
  type KinesisWindowEvent,
  type KinesisWindowResponse,
  type PartialAccumulator,
  type WindowInvocationResult,
  type WindowJob,
} from '@sdp/aggregation-engine'
import { createTelemetry, reportCounts, type Telemetry } from '@sdp/service-kit'
import type { SegmentStateBackend } from '../state/SegmentStateBackend.js'
import type { DeadLetterSink } from '../deadLetters/DeadLetterSink.js'

/** Where a window handler writes; each write must be idempotent (keyed by the records that caused it). */
export interface WindowHandlerDependencies<E, R> {
  readonly job: WindowJob<E, R>
  readonly state: SegmentStateBackend
  /** Where flushed partials go (the partials stream of the second stage), with the shard that flushed them. */
  readonly partials: { write(partials: readonly PartialAccumulator[], shardId: string): Promise<void> }
  readonly deadLetters: DeadLetterSink
  /** Further outputs of the job (the lake sink, model updates), written before the response is returned. */
  readonly outputs?: (result: WindowInvocationResult<E, R>, event: KinesisWindowEvent) => Promise<void>
  /** Where the line and counters of each invocation go. @default JSON on stdout, service = the job's name */
  readonly telemetry?: Telemetry
  /** @default 900000 */
  readonly stateBudgetBytes?: number
}

/**
 * Turns an engine job into a Kinesis tumbling-window handler: read the external state the batch
 * needs, run the pure adapter, write everything it produced, and only then answer Lambda — so the
 * event-source mapping never checkpoints past what is durably written. Bad records are
 * dead-lettered; only infrastructure errors throw (and Lambda retries the same records).
 */
export function createWindowHandler<E, R>(deps: WindowHandlerDependencies<E, R>) {
  const telemetry = deps.telemetry ?? createTelemetry({ serviceName: deps.job.name })
  return async function handleWindow(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
    const plan = planWindowInvocation(event, deps.job)
    const previous = lastSequenceOf(event.state)
    const fetched = await deps.state.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber, previous)
    const options = deps.stateBudgetBytes === undefined ? {} : { stateBudgetBytes: deps.stateBudgetBytes }
    const result = runWindowInvocation(event, deps.job, fetched, options)
    const lastArrival = Math.round((event.Records.at(-1)?.kinesis.approximateArrivalTimestamp ?? 0) * 1000)
    await Promise.all([
      result.segment ? deps.state.write(result.segment, lastArrival) : undefined,
      result.partials.length > 0 ? deps.partials.write(result.partials, plan.shardId) : undefined,
      deps.deadLetters.write(result.deadLetters),
      deps.outputs?.(result, event),
    ])
    const through = lastSequenceOf(result.response.state)
    if (!result.segment && result.records) deps.state.advance(plan.shardId, result.records.last)
    if (event.isFinalInvokeForWindow && through !== undefined) await deps.state.checkpoint(plan.shardId, through)
    reportCounts(
      telemetry,
      'window',
      {
        job: deps.job.name,
        shardId: plan.shardId,
        window: event.window,
        final: event.isFinalInvokeForWindow,
        stateBytes: result.stateBytes,
        ...(result.diagnostics.length > 0 ? { diagnostics: result.diagnostics } : {}),
      },
      result.counters,
    )
    return result.response
  }
}
