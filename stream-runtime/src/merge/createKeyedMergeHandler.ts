import { lastSequenceOf, shardIdOf, type DeadLetter, type KinesisWindowEvent, type KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createTelemetry, reportCounts, type Telemetry } from '@sdp/service-kit'
import type { DeadLetterSink } from '../deadLetters/DeadLetterSink.js'
import { decodePartialsRecord, type PartialsRecord } from '../exchange/PartialsRecord.js'
import type { SegmentStateBackend } from '../state/SegmentStateBackend.js'
import type { MergeCore, MergeOutcome } from './MergeCore.js'
import { resultVersion } from './resultKeys.js'

/** Which batch a stage-2 write comes from: its shard, record range and version. */
export interface MergeBatch {
  readonly shardId: string
  readonly firstSequenceNumber: string
  readonly lastSequenceNumber: string
  /** The version its result items are written under (see `resultVersion`). */
  readonly version: string
}

/** What a keyed stage-2 handler reads and writes. */
export interface KeyedMergeDependencies<Item> {
  /** Names the stage in logs. */
  readonly name: string
  /** How the stage's records change its state and result items. */
  readonly core: MergeCore<Item>
  /** Stage 2's state: current values and merge marks. */
  readonly state: SegmentStateBackend
  /** Writes absolute values under `version`; an item holding a newer version stays as it is. */
  readonly results: { write(items: readonly Item[], version: string): Promise<{ written: number; stale: number }> }
  readonly deadLetters: DeadLetterSink
  /** Ancestors of a partials-stream shard, oldest first: their count orders writes across a reshard. */
  readonly ancestors: (shardId: string) => Promise<readonly string[]>
  /** Further outputs of the changed items (the lake), written before the handler answers; must be idempotent per batch. */
  readonly outputs?: (items: readonly Item[], batch: MergeBatch) => Promise<void>
  /** Where the line and counters of each invocation go. @default JSON on stdout, service = `name` */
  readonly telemetry?: Telemetry
}

/**
 * Stage 2, the keyed merge, for any {@link MergeCore}: a Kinesis tumbling-window handler of a
 * partials stream. Each invocation decodes its records, reads the state the core needs as of the
 * batch's first record, lets the core merge every stage-1 contribution exactly once, and writes
 * the batch's state segment, the changed items' absolute values (versioned by the batch's last
 * record) and the outputs before answering — so a retry, a bisected batch or a doubled delivery
 * rewrites the same values. The Lambda window is only a checkpoint cadence.
 */
export function createKeyedMergeHandler<Item>(deps: KeyedMergeDependencies<Item>) {
  const telemetry = deps.telemetry ?? createTelemetry({ serviceName: deps.name })
  return async function handleMerge(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
    const shardId = shardIdOf(event)
    const previous = lastSequenceOf(event.state)
    const { records, deadLetters } = decode(event, shardId)
    const first = event.Records[0]?.kinesis.sequenceNumber
    const packed = records.map((r) => r.record)
    const fetched = await deps.state.read(shardId, deps.core.keys(packed), first, previous)
    const outcome = deps.core.merge(
      records.map((r) => ({ record: r.record, arrivalTime: r.letter.arrivalTime })),
      fetched,
    )
    for (const { index, reason } of outcome.refused) deadLetters.push({ ...(records[index] as (typeof records)[number]).letter, reason })
    const stored = await store(deps, event, shardId, outcome, deadLetters)
    const through = event.Records.at(-1)?.kinesis.sequenceNumber ?? previous
    if (event.isFinalInvokeForWindow && through !== undefined) await deps.state.checkpoint(shardId, through)
    if (event.Records.length > 0) {
      const { merged, duplicates } = outcome
      const counts = { records: event.Records.length, merged, duplicates, deadLetters: deadLetters.length, items: outcome.items.length, ...stored }
      reportCounts(telemetry, 'merge', { job: deps.name, shardId, window: event.window, final: event.isFinalInvokeForWindow }, counts)
    }
    return { state: through === undefined ? {} : { l: through }, batchItemFailures: [] }
  }
}

/** Writes a batch's segment, items, outputs and dead letters, all at once; nothing for a batch without records. */
async function store<Item>(
  deps: KeyedMergeDependencies<Item>,
  event: KinesisWindowEvent,
  shardId: string,
  outcome: MergeOutcome<Item>,
  deadLetters: DeadLetter[],
): Promise<{ written: number; stale: number }> {
  const first = event.Records[0]?.kinesis
  const last = event.Records.at(-1)?.kinesis
  if (!first || !last) return { written: 0, stale: 0 }
  const generation = (await deps.ancestors(shardId)).length
  const batch = {
    shardId,
    firstSequenceNumber: first.sequenceNumber,
    lastSequenceNumber: last.sequenceNumber,
    version: resultVersion(generation, last.sequenceNumber),
  }
  const lastArrival = Math.round(last.approximateArrivalTimestamp * 1000)
  const [, results] = await Promise.all([
    deps.state.write({ shardId, firstSequenceNumber: first.sequenceNumber, lastSequenceNumber: last.sequenceNumber, entries: outcome.writes }, lastArrival),
    deps.results.write(outcome.items, batch.version),
    outcome.items.length > 0 ? deps.outputs?.(outcome.items, batch) : undefined,
    deps.deadLetters.write(deadLetters),
  ])
  return results
}

/** The batch's partials records, each with the dead letter it would become, and the records that are not partials. */
function decode(event: KinesisWindowEvent, shardId: string) {
  const records: Array<{ record: PartialsRecord; letter: DeadLetter }> = []
  const deadLetters: DeadLetter[] = []
  for (const { kinesis } of event.Records) {
    const letter = {
      shardId,
      sequenceNumber: kinesis.sequenceNumber,
      partitionKey: kinesis.partitionKey,
      arrivalTime: Math.round(kinesis.approximateArrivalTimestamp * 1000),
      reason: '',
      data: kinesis.data,
    }
    const read = BASE64.test(kinesis.data) ? decodePartialsRecord(Buffer.from(kinesis.data, 'base64')) : { ok: false as const, reason: 'data is not base64' }
    if (read.ok) records.push({ record: read.record, letter })
    else deadLetters.push({ ...letter, reason: read.reason })
  }
  return { records, deadLetters }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
