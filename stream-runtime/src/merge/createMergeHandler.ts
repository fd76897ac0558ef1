import { lastSequenceOf, shardIdOf, type DeadLetter, type KinesisWindowEvent, type KinesisWindowResponse } from '@sdp/aggregation-engine'
import type { DeadLetterSink } from '../deadLetters/DeadLetterSink.js'
import { createTelemetry, reportCounts, type Telemetry } from '@sdp/service-kit'
import { decodePartialsRecord, type PartialsRecord } from '../exchange/PartialsRecord.js'
import type { SegmentStateBackend } from '../state/SegmentStateBackend.js'
import { foldKeys, mergePartials, partialKeys, type MergeAccumulators } from './mergePartials.js'
import { resultVersion } from './resultKeys.js'
import type { ResultsTable } from './ResultsTable.js'

/** What the stage-2 handler reads and writes. */
export interface MergeHandlerDependencies {
  /** Names the stage in logs. */
  readonly name: string
  /** The job's accumulator merge; must not change its arguments. */
  readonly merge: MergeAccumulators
  /** Stage 2's state: current item values and merge marks (build it with `keep: isLastingStateKey`). */
  readonly state: SegmentStateBackend
  readonly results: Pick<ResultsTable, 'write'>
  readonly deadLetters: DeadLetterSink
  /** Ancestors of a partials-stream shard, oldest first: their count orders writes across a reshard. */
  readonly ancestors: (shardId: string) => Promise<readonly string[]>
  /**
   * Partials for periods that started this long before their record arrived are refused (dead
   * letters) instead of merged: their items' state may have expired. Must exceed the job's allowed
   * lateness plus a day, and stay below the state backend's retention by a day.
   */
  readonly horizonMs: number
  /** Where the line and counters of each invocation go. @default JSON on stdout, service = `name` */
  readonly telemetry?: Telemetry
}

/**
 * Stage 2, the keyed merge: a Kinesis tumbling-window handler of the partials stream. Each
 * invocation decodes its records, reads the current values of the items they touch from its
 * state as of the batch's first record, merges every stage-1 contribution exactly once, and
 * writes the batch's state segment and the touched items' absolute values (versioned by the
 * batch's last record) before answering — so a retry, a bisected batch or a doubled delivery
 * rewrites the same values. The Lambda window is only a checkpoint cadence.
 */
export function createMergeHandler(deps: MergeHandlerDependencies) {
  const telemetry = deps.telemetry ?? createTelemetry({ serviceName: deps.name })
  return async function handleMerge(event: KinesisWindowEvent): Promise<KinesisWindowResponse> {
    const shardId = shardIdOf(event)
    const previous = lastSequenceOf(event.state)
    const { records, deadLetters } = decode(event, shardId)
    const first = event.Records[0]?.kinesis
    const last = event.Records.at(-1)?.kinesis
    const packed = records.map((r) => r.record)
    const fetched = await deps.state.read(shardId, partialKeys(packed), first?.sequenceNumber, previous, (found) => foldKeys(packed, found))
    const merged = mergePartials(
      records.map((r) => ({ record: r.record, arrivalTime: r.letter.arrivalTime })),
      fetched,
      deps.merge,
      deps.horizonMs,
    )
    for (const { index, periods } of merged.tooOld) {
      const { letter } = records[index] as (typeof records)[number]
      deadLetters.push({
        ...letter,
        reason: `${periods} partials are for periods older than the ${deps.horizonMs} ms results horizon; the record's other partials were merged`,
      })
    }
    let stored = { written: 0, stale: 0 }
    if (first && last) {
      const generation = (await deps.ancestors(shardId)).length
      const lastArrival = Math.round(last.approximateArrivalTimestamp * 1000)
      const [, results] = await Promise.all([
        deps.state.write({ shardId, firstSequenceNumber: first.sequenceNumber, lastSequenceNumber: last.sequenceNumber, entries: merged.writes }, lastArrival),
        deps.results.write(merged.items, resultVersion(generation, last.sequenceNumber)),
        deps.deadLetters.write(deadLetters),
      ])
      stored = results
    }
    const through = last?.sequenceNumber ?? previous
    if (event.isFinalInvokeForWindow && through !== undefined) await deps.state.checkpoint(shardId, through)
    if (event.Records.length > 0) {
      const counts = {
        records: event.Records.length,
        merged: merged.merged,
        duplicates: merged.duplicates,
        deadLetters: deadLetters.length,
        items: merged.items.length,
        ...stored,
      }
      reportCounts(telemetry, 'merge', { job: deps.name, shardId, window: event.window, final: event.isFinalInvokeForWindow }, counts)
    }
    return { state: through === undefined ? {} : { l: through }, batchItemFailures: [] }
  }
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
