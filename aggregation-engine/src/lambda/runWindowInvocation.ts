import type { Json, Key, TimeWindow } from '../types.js'
import type { KinesisWindowEvent, KinesisWindowResponse } from './KinesisWindowEvent.js'
import { planWindowInvocation, shardIdOf, type DeadLetter } from './planWindowInvocation.js'
import type { JobInstance, ParseResult, WindowJob } from './WindowJob.js'
import { InvocationKeyedState } from './_internal/InvocationKeyedState.js'
import { CARRY_KEY, DEFAULT_STATE_BUDGET_BYTES } from './constants.js'
import { decodeRecordData } from './decodeRecordData.js'
import { rangeId } from './sequenceNumbers.js'
import { openEnvelope, sealEnvelope, type OpenedEnvelope } from './stateEnvelope.js'
import { EngineError, InvalidArgumentError } from '../errors.js'

/** An accumulator flushed at the end of a Lambda window (or at the state budget), named by the records it covers. */
export interface PartialAccumulator {
  /** `<shardId>:<first>-<last>` sequence numbers; the same on every replay of the same records. */
  readonly id: string
  readonly key: Key
  readonly window: TimeWindow
  readonly accumulator: Json
}

/**
 * External-state writes to store as one segment named by the records they cover: those of a
 * whole Lambda window, or of the invocations since the last segment when they outgrew the budget.
 */
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
  /**
   * The state writes to store before answering; undefined while they still ride in
   * `response.state` (written with the window's last invocation, or once they outgrow the budget).
   */
  readonly segment: StateSegment | undefined
  /** Things the operator of the platform should know about, such as a `state` that could not be read. */
  readonly diagnostics: string[]
  readonly counters: Readonly<Record<string, number>>
  /** Serialized size of `response.state` in bytes (UTF-16 code units of its JSON, an upper bound for ASCII). */
  readonly stateBytes: number
}

/** Options of {@link runWindowInvocation}. */
export interface WindowInvocationOptions {
  /**
   * Budget of Lambda's `state` in bytes: partials are flushed when the job's estimated state
   * passes it, and state writes are carried in it only while the whole still fits. @default 900000
   */
  readonly stateBudgetBytes?: number
}

/**
 * Runs one Lambda tumbling-window invocation as a pure function: restores the job from the event's
 * `state`, decodes and processes the records in order in one pass (flushing partials whenever the
 * state budget is passed), flushes every open accumulator at the final invoke or on early
 * termination, and returns the response together with every write the caller must make before
 * returning it. A record whose data is not base64 or not JSON, that the job's `parse`
 * refuses, or on which the job's code throws (in `parse` or while processing the event), becomes a
 * dead letter: a job's bug never blocks the shard. A throw while processing leaves whatever the
 * event already changed (e.g. one of its sliding windows), the same on every replay.
 *
 * `fetched` holds the current external values of the plan's `stateKeys`, read from segments
 * written strictly before the batch's first sequence number (docs/architecture.md, "State
 * backend"). The job's state writes ride in `state` from invocation to invocation of a Lambda
 * window, and become one segment at its end — or earlier, once they no longer fit the budget —
 * so a window costs one segment write, not one per invocation. Lambda hands a retried invocation the same `state`, so it rewrites the same
 * segment, named by the same records.
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
  const run = openInvocation(event, job, fetched)
  const deadLetters = processRecords(event, job, run, budget)
  const closing = event.isFinalInvokeForWindow || event.isWindowTerminatedEarly
  if (closing) run.flush()
  const outputs = run.instance.takeOutputs()
  const first = event.Records[0]?.kinesis.sequenceNumber
  const last = event.Records[event.Records.length - 1]?.kinesis.sequenceNumber
  const records = first !== undefined && last !== undefined ? { first, last } : undefined
  if (records) run.state.writes.set(CARRY_KEY, run.instance.carry())
  const { state, segment, stateBytes } = sealInvocation(job, run, records, closing, last ?? run.opened.last, budget)
  return {
    shardId: run.shardId,
    records,
    response: { state, batchItemFailures: [] },
    partials: run.partials,
    emitted: outputs.emitted,
    late: outputs.late,
    deadLetters,
    segment,
    diagnostics: run.diagnostics,
    counters: {
      records: event.Records.length,
      events: run.events,
      heartbeats: run.heartbeats,
      deadLetters: deadLetters.length,
      late: outputs.late.length,
      partials: run.partials.length,
      ...run.instance.counters(),
    },
    stateBytes,
  }
}

/** One invocation in progress: the restored job, its keyed state and what it has flushed. */
interface Invocation<E, R> {
  readonly shardId: string
  readonly opened: OpenedEnvelope
  readonly instance: JobInstance<E, R>
  readonly state: InvocationKeyedState
  readonly partials: PartialAccumulator[]
  readonly diagnostics: string[]
  /** First and last sequence numbers not yet covered by a flushed partial. */
  from: string | undefined
  to: string | undefined
  events: number
  heartbeats: number
  /** Moves every open accumulator out as partials named by the records they cover. */
  flush(): void
}

/** Restores the job from the envelope in `state`, its keyed state from `fetched` and the writes carried in `state`. */
function openInvocation<E, R>(event: KinesisWindowEvent, job: WindowJob<E, R>, fetched: ReadonlyMap<string, Json>): Invocation<E, R> {
  const shardId = shardIdOf(event)
  const diagnostics: string[] = []
  const opened = openEnvelope(event.state, job)
  if (opened.problem) diagnostics.push(`state of shard ${shardId} not readable, rebuilt from the state backend: ${opened.problem}`)
  const current = opened.pending.size === 0 ? fetched : new Map([...fetched, ...opened.pending])
  const state = new InvocationKeyedState(current, () => planWindowInvocation(event, job).stateKeys)
  const carry = current.get(CARRY_KEY)
  let instance: JobInstance<E, R>
  try {
    instance = job.open({ snapshot: opened.snapshot, carry, state })
  } catch (error) {
    diagnostics.push(`snapshot of job ${job.name} on shard ${shardId} not readable, rebuilt from the state backend: ${(error as Error).message}`)
    instance = job.open({ snapshot: undefined, carry, state })
  }
  const run: Invocation<E, R> = {
    shardId,
    opened,
    instance,
    state,
    partials: [],
    diagnostics,
    from: opened.from,
    to: opened.to,
    events: 0,
    heartbeats: 0,
    flush() {
      const flushed = instance.flush()
      if (flushed.length === 0) return
      if (run.from === undefined || run.to === undefined) throw new EngineError('a job flushed accumulators that no record produced')
      const id = rangeId(shardId, run.from, run.to)
      for (const f of flushed) run.partials.push({ id, key: f.key, window: f.window, accumulator: f.accumulator })
      run.from = undefined
    },
  }
  return run
}

/** Decodes and processes the records in order; returns those that could not be, as dead letters. */
function processRecords<E, R>(event: KinesisWindowEvent, job: WindowJob<E, R>, run: Invocation<E, R>, budget: number): DeadLetter[] {
  const deadLetters: DeadLetter[] = []
  // One context, updated per record: the job reads it during `process` and keeps nothing of it.
  const context = { shardId: run.shardId, sequenceNumber: '', partitionKey: '', arrivalTime: 0 }
  for (const { kinesis } of event.Records) {
    const { sequenceNumber, partitionKey } = kinesis
    const arrivalTime = Math.round(kinesis.approximateArrivalTimestamp * 1000)
    const decoded = decodeRecord(kinesis.data, partitionKey, job)
    if (decoded.kind === 'invalid') {
      deadLetters.push({ shardId: run.shardId, sequenceNumber, arrivalTime, partitionKey, reason: decoded.reason, data: kinesis.data })
      continue
    }
    run.from ??= sequenceNumber
    run.to = sequenceNumber
    if (decoded.kind === 'heartbeat') {
      run.heartbeats++
      run.instance.heartbeat(decoded.ts)
      continue
    }
    run.events++
    run.state.allowed = decoded.keys
    context.sequenceNumber = sequenceNumber
    context.partitionKey = partitionKey
    context.arrivalTime = arrivalTime
    try {
      run.instance.process(decoded.event, context)
    } catch (error) {
      // A broken contract with the adapter (an undeclared state key) stays loud.
      if (error instanceof EngineError && !(error instanceof InvalidArgumentError)) throw error
      // A job's own code (a key, an aggregate, a trigger) that throws on one record must not block
      // the shard: the record is dead-lettered. Replays throw on the same record, so retries agree.
      deadLetters.push({
        shardId: run.shardId,
        sequenceNumber,
        arrivalTime,
        partitionKey,
        reason: `the job threw on this event: ${messageOf(error)}`,
        data: kinesis.data,
      })
    } finally {
      run.state.allowed = undefined
    }
    // Checked per record, so where a flush happens depends only on the records, never on batching.
    if (run.instance.estimatedBytes() > budget) run.flush()
  }
  return deadLetters
}

type DecodedRecord<E> =
  | { readonly kind: 'event'; readonly event: E; readonly keys: readonly string[] }
  | { readonly kind: 'heartbeat'; readonly ts: number }
  | { readonly kind: 'invalid'; readonly reason: string }

/** A record's data as the job's event or heartbeat, or the reason it is neither. */
function decodeRecord<E, R>(data: string, partitionKey: string, job: WindowJob<E, R>): DecodedRecord<E> {
  const text = decodeRecordData(data)
  if (text === undefined) return { kind: 'invalid', reason: 'data is not base64' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON: ${(error as Error).message}` }
  }
  let parsed: ParseResult<E>
  try {
    parsed = job.parse(value, partitionKey)
  } catch (error) {
    return { kind: 'invalid', reason: `the job's parse threw: ${messageOf(error)}` }
  }
  if (parsed.kind !== 'event') return parsed
  const keys = job.stateKeys ? job.stateKeys(partitionKey) : NO_KEYS
  if (keys.includes(CARRY_KEY)) return { kind: 'invalid', reason: 'the partition key maps to the reserved carry key of the adapter' }
  return { kind: 'event', event: parsed.event, keys }
}

/**
 * The `state` to answer with, and the segment to store: the writes carried so far plus this
 * invocation's ride on in `state` while the whole fits the budget; at the window's end, or once
 * they do not fit, they become one segment covering every invocation since the last one.
 */
function sealInvocation<E, R>(
  job: WindowJob<E, R>,
  run: Invocation<E, R>,
  records: { readonly first: string; readonly last: string } | undefined,
  closing: boolean,
  through: string | undefined,
  budget: number,
): { state: { [key: string]: Json }; segment: StateSegment | undefined; stateBytes: number } {
  const { opened } = run
  const writes = opened.pending.size === 0 ? run.state.writes : new Map([...opened.pending, ...run.state.writes])
  const first = opened.pendingFirst ?? records?.first
  const snapshot = closing ? undefined : run.instance.snapshot()
  const from = closing ? undefined : run.from
  const to = closing ? undefined : run.to
  if (!closing && first !== undefined && writes.size > 0) {
    const carried = sealEnvelope(job, snapshot, from, to, through, { first, writes })
    const stateBytes = JSON.stringify(carried).length
    if (stateBytes <= budget) return { state: carried, segment: undefined, stateBytes }
  }
  const state = sealEnvelope(job, snapshot, from, to, through)
  const segment =
    first !== undefined && through !== undefined && writes.size > 0
      ? { shardId: run.shardId, firstSequenceNumber: first, lastSequenceNumber: through, entries: writes }
      : undefined
  return { state, segment, stateBytes: JSON.stringify(state).length }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))
