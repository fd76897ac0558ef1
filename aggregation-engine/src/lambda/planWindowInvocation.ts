import type { KinesisWindowEvent } from './KinesisWindowEvent.js'
import type { WindowJob } from './WindowJob.js'
import { CARRY_KEY } from './constants.js'

/** A record that could not be decoded into a valid event, with the reason, for the dead-letter location. */
export interface DeadLetter {
  readonly shardId: string
  readonly sequenceNumber: string
  readonly partitionKey: string
  readonly arrivalTime: number
  readonly reason: string
  /** The record's bytes as delivered (base64). */
  readonly data: string
}

/** What the caller must fetch before {@link runWindowInvocation}, known without decoding a record. */
export interface WindowInvocationPlan {
  readonly shardId: string
  /** External state keys the batch may read or write; always includes the shard carry. */
  readonly stateKeys: ReadonlySet<string>
  /** Sequence number of the first record, or undefined for an empty batch (e.g. a final invoke). */
  readonly firstSequenceNumber: string | undefined
}

/** The shard id of a window event: top-level `shardId`, else the prefix of a record's `eventID`. */
export function shardIdOf(event: KinesisWindowEvent): string {
  if (event.shardId) return event.shardId
  const first = event.Records[0] as { eventID?: string } | undefined
  const fromEventId = first?.eventID?.split(':')[0]
  return fromEventId ?? 'shardId-unknown'
}

/**
 * The external state keys of a window event, from its records' partition keys alone. Nothing is
 * decoded here, so {@link runWindowInvocation} decodes each record once, in a single pass.
 *
 * @example
 * const plan = planWindowInvocation(event, job)
 * const fetched = await backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber)
 */
export function planWindowInvocation<E, R>(event: KinesisWindowEvent, job: WindowJob<E, R>): WindowInvocationPlan {
  // Everything but the loop first: a call first reached after an optimized loop would deoptimize it.
  const plan = { shardId: shardIdOf(event), stateKeys: new Set<string>([CARRY_KEY]), firstSequenceNumber: event.Records[0]?.kinesis.sequenceNumber }
  if (job.stateKeys) {
    for (const { kinesis } of event.Records) for (const key of job.stateKeys(kinesis.partitionKey)) plan.stateKeys.add(key)
  }
  return plan
}
