import type { Json, Key, TimeWindow } from '../types.js'
import type { KinesisWindowResponse } from './KinesisWindowEvent.js'
import type { DeadLetter, DecodedWindowEvent } from './decodeWindowEvent.js'
import type { JobInstance, KeyedState, WindowJob } from './WindowJob.js'
import { CARRY_KEY, DEFAULT_STATE_BUDGET_BYTES } from './constants.js'
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

/** Everything the caller must write, plus the response to return to Lambda once it has. */
export interface WindowInvocationResult<E, R> {
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
 * `state`, processes the decoded records in order (flushing partials whenever the state budget is
 * passed), flushes every open accumulator at the final invoke or on early termination, and returns
 * the response together with every write the caller must make before returning it.
 *
 * `fetched` holds the current external values of `decoded.stateKeys`, read from segments written
 * strictly before `decoded.firstSequenceNumber` (decision 5 of DESIGN.md).
 *
 * @example
 * const decoded = decodeWindowEvent(event, job)
 * const fetched = await backend.read(decoded.shardId, decoded.stateKeys, decoded.firstSequenceNumber)
 * const result = runWindowInvocation(decoded, job, fetched)
 * await Promise.all([backend.write(result.segment), store.write(result.partials)])
 * return result.response
 */
export function runWindowInvocation<E, R>(
  decoded: DecodedWindowEvent<E>,
  job: WindowJob<E, R>,
  fetched: ReadonlyMap<string, Json>,
  options: WindowInvocationOptions = {},
): WindowInvocationResult<E, R> {
  const budget = options.stateBudgetBytes ?? DEFAULT_STATE_BUDGET_BYTES
  const { event, shardId, items } = decoded
  const diagnostics: string[] = []
  const opened = openEnvelope(event.state, job)
  if (opened.problem) diagnostics.push(`state of shard ${shardId} not readable, rebuilt from the state backend: ${opened.problem}`)

  const declared = decoded.stateKeys
  const writes = new Map<string, Json>()
  const state: KeyedState = {
    get(key) {
      const written = writes.get(key)
      if (written !== undefined) return written
      if (!declared.has(key)) throw new EngineError(`state key "${key}" was read but not declared by stateKeys`)
      return fetched.get(key)
    },
    set(key, value) {
      if (!declared.has(key)) throw new EngineError(`state key "${key}" was written but not declared by stateKeys`)
      writes.set(key, value)
    },
  }
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

  let heartbeats = 0
  for (const item of items) {
    const seq = item.sequenceNumber
    from ??= seq
    to = seq
    if (item.kind === 'heartbeat') {
      heartbeats++
      instance.heartbeat(item.ts)
    } else {
      instance.process(item.event, item)
      // Checked per record, so where a flush happens depends only on the records, never on batching.
      if (instance.estimatedBytes() > budget) flush()
    }
  }

  const closing = event.isFinalInvokeForWindow || event.isWindowTerminatedEarly
  if (closing) flush()
  const outputs = instance.takeOutputs()

  const lastRecord = event.Records[event.Records.length - 1]
  let segment: StateSegment | undefined
  if (decoded.firstSequenceNumber !== undefined && lastRecord) {
    writes.set(CARRY_KEY, instance.carry())
    segment = {
      shardId,
      firstSequenceNumber: decoded.firstSequenceNumber,
      lastSequenceNumber: lastRecord.kinesis.sequenceNumber,
      entries: writes,
    }
  }

  const last = lastRecord?.kinesis.sequenceNumber ?? opened.last
  const sealed = closing
    ? sealEnvelope(job, undefined, undefined, undefined, last)
    : sealEnvelope(job, instance.snapshot(), from, to, last)
  const stateBytes = JSON.stringify(sealed).length
  return {
    response: { state: sealed, batchItemFailures: [] },
    partials,
    emitted: outputs.emitted,
    late: outputs.late,
    deadLetters: decoded.deadLetters,
    segment,
    diagnostics,
    counters: {
      records: event.Records.length,
      events: items.length - heartbeats,
      heartbeats,
      deadLetters: decoded.deadLetters.length,
      late: outputs.late.length,
      partials: partials.length,
      ...instance.counters(),
    },
    stateBytes,
  }
}
