import type { KinesisWindowEvent } from './KinesisWindowEvent.js'
import type { RecordContext, WindowJob } from './WindowJob.js'
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

/** One decoded record of the batch, in delivery order; it is its own {@link RecordContext}. */
export type DecodedItem<E> =
  | (RecordContext & { readonly kind: 'event'; readonly event: E; readonly ts?: undefined })
  | (RecordContext & { readonly kind: 'heartbeat'; readonly ts: number; readonly event?: undefined })

/** A window event decoded once: the items, the dead letters and the external keys the items need. */
export interface DecodedWindowEvent<E> {
  readonly event: KinesisWindowEvent
  readonly shardId: string
  readonly items: DecodedItem<E>[]
  readonly deadLetters: DeadLetter[]
  /** External state keys to fetch before {@link runWindowInvocation}; always includes the shard carry. */
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
 * Decodes every record of a tumbling-window event (base64 → JSON → the job's parser). Records that
 * are not JSON or not valid become dead letters with the reason; nothing is thrown for bad data.
 */
export function decodeWindowEvent<E, R>(event: KinesisWindowEvent, job: WindowJob<E, R>): DecodedWindowEvent<E> {
  const shardId = shardIdOf(event)
  const items: DecodedItem<E>[] = []
  const deadLetters: DeadLetter[] = []
  const keys = new Set<string>([CARRY_KEY])
  const stateKeysOf = job.stateKeys?.bind(job)
  for (const { kinesis } of event.Records) {
    const sequenceNumber = kinesis.sequenceNumber
    const arrivalTime = Math.round(kinesis.approximateArrivalTimestamp * 1000)
    let value: unknown
    let reason = ""
    try {
      value = JSON.parse(Buffer.from(kinesis.data, 'base64').toString('utf8'))
    } catch (error) {
      value = undefined
      reason = `not JSON: ${(error as Error).message}`
    }
    if (value !== undefined) {
      const parsed = job.parse(value)
      if (parsed.kind === 'event') {
        items.push({ kind: 'event', event: parsed.event, shardId, sequenceNumber, arrivalTime })
        if (stateKeysOf) for (const key of stateKeysOf(parsed.event)) keys.add(key)
        continue
      }
      if (parsed.kind === 'heartbeat') {
        items.push({ kind: 'heartbeat', ts: parsed.ts, shardId, sequenceNumber, arrivalTime })
        continue
      }
      reason = parsed.reason
    }
    deadLetters.push({ shardId, sequenceNumber, arrivalTime, partitionKey: kinesis.partitionKey, reason, data: kinesis.data })
  }
  return {
    event,
    shardId,
    items,
    deadLetters,
    stateKeys: keys,
    firstSequenceNumber: event.Records[0]?.kinesis.sequenceNumber,
  }
}
