import type { Json, Key, TimeWindow } from '../types.js'
import type { KinesisWindowEvent, KinesisWindowResponse } from './KinesisWindowEvent.js'
import { planWindowInvocation, shardIdOf, type DeadLetter } from './planWindowInvocation.js'
import type { JobInstance, WindowJob } from './WindowJob.js'
import { InvocationKeyedState } from './_internal/InvocationKeyedState.js'
import { CARRY_KEY, DEFAULT_STATE_BUDGET_BYTES } from './constants.js'
import { decodeRecordData } from './decodeRecordData.js'
import { rangeId } from './sequenceNumbers.js'
import { openEnvelope, sealEnvelope } from './stateEnvelope.js'
import { EngineError } from '../errors.js'

/** An accumulator flushed at the end of a Lambda window (or at the state budget), named by the records it covers. */
export interface PartialAccumulator {
  /** `<shardId>:<first>-<last>` sequence numbers; the same on every replay of the same records. */
  readonly id: string
  readonly key: Key
  readonly window: TimeWindow
  readonly accumulator: Json
}

/** External-state writes of one invocation, to be stored as one segment named by the batch's records. */
export interface StateSegment {
  readonly shardId: string
  readonly firstSequenceNumber: string
  readonly lastSequenceNumber: string
  readonly entries: ReadonlyMap<string, Json>
}

const NO_KEYS: readonly string[] = []

/** Everything the caller must write, plus the response to return to Lambda once it has. */
export interface WindowInvocationResult<E, R> {
  readonly shardId: string
  /** First and last sequence numbers of the batch; undefined when it held no records. */
  readonly records: { readonly first: string; readonly last: string } | undefined
  readonly response: KinesisWindowResponse
  readonly partials: PartialAccumulator[]
  readonly emitted: R[]
  readonly late: E[]
  readonly deadLetters: DeadLetter[]
  /** Undefined when the batch held no records. */
  readonly segment: StateSegment | undefined
  /** Things the operator of the platform should know about, such as a `state` that could not be read. */
  readonly diagnostics: string[]
  readonly counters: Readonly<Record<string, number>>
  /** Serialized size of `response.state` in bytes (UTF-16 code units of its JSON, an upper bound for ASCII). */
  readonly stateBytes: number
}

/** Options of {@link runWindowInvocation}. */
export interface WindowInvocationOptions {
  /** Flush partials when the job's estimated state passes this many bytes. @default 900000 */
  readonly stateBudgetBytes?: number
}

/**
 * Runs one Lambda tumbling-window invocation as a pure function: restores the job from the event's
 * `state`, decodes and processes the records in order in one pass (flushing partials whenever the
 * state budget is passed), flushes every open accumulator at the final invoke or on early
 * termination, and returns the response together with every write the caller must make before
 * returning it. A record whose data is not base64 or not JSON, or that the job's `parse`
 * refuses, becomes a dead letter.
 *
 * `fetched` holds the current external values of the plan's `stateKeys`, read from segments
 * written strictly before the batch's first sequence number (docs/architecture.md, "State backend").
 *
 * @example
 * const plan = planWindowInvocation(event, job)
 * const fetched = await backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber)
 * const result = runWindowInvocation(event, job, fetched)
 * await Promise.all([backend.write(result.segment), store.write(result.partials)])
 * return result.response
 */
export function runWindowInvocation<E, R>(
  event: KinesisWindowEvent,
  job: WindowJob<E, R>,
  fetched: ReadonlyMap<string, Json>,
  options: WindowInvocationOptions = {},
): WindowInvocationResult<E, R> {
  const budget = options.stateBudgetBytes ?? DEFAULT_STATE_BUDGET_BYTES
  const shardId = shardIdOf(event)
  const diagnostics: string[] = []
  const opened = openEnvelope(event.state, job)
  if (opened.problem) diagnostics.push(`state of shard ${shardId} not readable, rebuilt from the state backend: ${opened.problem}`)

  const state = new InvocationKeyedState(fetched, () => planWindowInvocation(event, job).stateKeys)
  const carry = fetched.get(CARRY_KEY)
  let instance: JobInstance<E, R>
  try {
    instance = job.open({ snapshot: opened.snapshot, carry, state })
  } catch (error) {
    diagnostics.push(`snapshot of job ${job.name} on shard ${shardId} not readable, rebuilt from the state backend: ${(error as Error).message}`)
    instance = job.open({ snapshot: undefined, carry, state })
  }

  const partials: PartialAccumulator[] = []
  let from = opened.from
  let to = opened.to
  const flush = () => {
    const flushed = instance.flush()
    if (flushed.length === 0) return
    if (from === undefined || to === undefined) throw new EngineError('a job flushed accumulators that no record produced')
    const id = rangeId(shardId, from, to)
    for (const f of flushed) partials.push({ id, key: f.key, window: f.window, accumulator: f.accumulator })
    from = undefined
  }

  const deadLetters: DeadLetter[] = []
  // One context, updated per record: the job reads it during `process` and keeps nothing of it.
  const context = { shardId, sequenceNumber: '', partitionKey: '', arrivalTime: 0 }
  let events = 0
  let heartbeats = 0
  for (const { kinesis } of event.Records) {
    const { sequenceNumber, partitionKey } = kinesis
    const arrivalTime = Math.round(kinesis.approximateArrivalTimestamp * 1000)
    let reason = ''
    let value: unknown
    const text = decodeRecordData(kinesis.data)
    if (text === undefined) reason = 'data is not base64'
    else {
      try {
        value = JSON.parse(text)
      } catch (error) {
        reason = `not JSON: ${(error as Error).message}`
      }
    }
    if (value !== undefined) {
      const parsed = job.parse(value, partitionKey)
      const keys = parsed.kind === 'event' && job.stateKeys ? job.stateKeys(partitionKey) : NO_KEYS
      if (parsed.kind === 'invalid') reason = parsed.reason
      else if (keys.includes(CARRY_KEY)) reason = 'the partition key maps to the reserved carry key of the adapter'
      else {
        from ??= sequenceNumber
        to = sequenceNumber
        if (parsed.kind === 'heartbeat') {
          heartbeats++
          instance.heartbeat(parsed.ts)
        } else {
          events++
          state.allowed = keys
          context.sequenceNumber = sequenceNumber
          context.partitionKey = partitionKey
          context.arrivalTime = arrivalTime
          instance.process(parsed.event, context)
          state.allowed = undefined
          // Checked per record, so where a flush happens depends only on the records, never on batching.
          if (instance.estimatedBytes() > budget) flush()
        }
        continue
      }
    }
    deadLetters.push({ shardId, sequenceNumber, arrivalTime, partitionKey, reason, data: kinesis.data })
  }

  const closing = event.isFinalInvokeForWindow || event.isWindowTerminatedEarly
  if (closing) flush()
  const outputs = instance.takeOutputs()

  const first = event.Records[0]?.kinesis.sequenceNumber
  const last = event.Records[event.Records.length - 1]?.kinesis.sequenceNumber
  const records = first !== undefined && last !== undefined ? { first, last } : undefined
  let segment: StateSegment | undefined
  if (records) {
    state.writes.set(CARRY_KEY, instance.carry())
    segment = { shardId, firstSequenceNumber: records.first, lastSequenceNumber: records.last, entries: state.writes }
  }

  const through = last ?? opened.last
  const sealed = closing
    ? sealEnvelope(job, undefined, undefined, undefined, through)
    : sealEnvelope(job, instance.snapshot(), from, to, through)
  const stateBytes = JSON.stringify(sealed).length
  return {
    shardId,
    records,
    response: { state: sealed, batchItemFailures: [] },
    partials,
    emitted: outputs.emitted,
    late: outputs.late,
    deadLetters,
    segment,
    diagnostics,
    counters: {
      records: event.Records.length,
      events,
      heartbeats,
      deadLetters: deadLetters.length,
      late: outputs.late.length,
      partials: partials.length,
      ...instance.counters(),
    },
    stateBytes,
  }
}
