import { setTimeout as sleep } from 'node:timers/promises'
import { backoffDelay, ignoreAbort } from '@sdp/service-kit'
import { CheckpointError } from '../errors.js'
import type { Logger } from '../logger.js'
import { buildWindowEvent, type EventSource } from './buildWindowEvent.js'
import type { CheckpointStore } from './CheckpointStore.js'
import { ESM_LIMITS, WINDOW_COMPLETION_GRACE_MS } from './constants.js'
import type { HandlerInvoker } from './HandlerInvoker.js'
import { interpretResponse } from './interpretResponse.js'
import type { FetchedRecord, ShardReader } from './ShardReader.js'
import { windowContaining, windowFromIso, windowToIso, type TumblingWindow } from './TumblingWindow.js'
import type { Clock, EventSourceMappingCounters, WindowState } from './types.js'

/** Counters the pollers of one mapping add to. */
export type MutableCounters = { -readonly [K in keyof EventSourceMappingCounters]: number }

/** Everything one shard's poller works with. */
export interface ShardPollerDeps {
  /** Mapping name, for log lines. */
  readonly mappingName: string
  readonly source: EventSource
  readonly reader: ShardReader
  readonly invoker: HandlerInvoker
  readonly checkpoints: CheckpointStore
  readonly windowMs: number
  readonly batchSize: number
  readonly pollIntervalMs: number
  readonly retryBaseMs: number
  readonly retryMaxMs: number
  readonly clock: Clock
  readonly logger: Logger
  readonly counters: MutableCounters
  /** Aborted by `stop()`: ends waits, never an in-flight invocation. */
  readonly signal: AbortSignal
}

/** Why `run()` returned. */
export type ShardRunResult = 'finished' | 'stopped'

interface Invocation {
  readonly records: ReadonlyArray<FetchedRecord>
  readonly final: boolean
}

type StepResult = 'idle' | 'progressed' | 'failed'

/**
 * Processes one shard like Lambda's event-source mapping with a tumbling window: reads in order,
 * cuts batches that hold one arrival-time window each, carries the returned `state` within the
 * window, makes the final invoke once the window is complete, retries failures forever, and
 * checkpoints (position + open window) only after the handler succeeded.
 */
export class ShardPoller {
  private readonly buffer: FetchedRecord[] = []
  private open: { readonly window: TumblingWindow; state: WindowState; warned: boolean } | null = null
  private position: string | null = null
  /** Clock time of the latest read that reached the tip of the shard. */
  private caughtUpAt = Number.NEGATIVE_INFINITY
  private millisBehindLatest = 0
  private retry: Invocation | undefined
  private attempts = 0
  private isAttached = false

  public constructor(private readonly deps: ShardPollerDeps) {}

  /** True once the shard iterator is obtained and the poll loop runs. */
  public get attached(): boolean {
    return this.isAttached
  }

  /** Age of the oldest record read but not yet processed, else GetRecords' MillisBehindLatest. */
  public lagMs(now: number): number {
    const oldest = this.retry?.records[0] ?? this.buffer[0]
    return oldest === undefined ? this.millisBehindLatest : Math.max(0, now - oldest.arrivalMs)
  }

  /** Polls until the shard is finished or the signal aborts. Throws only on a broken checkpoint or disk. */
  public async run(): Promise<ShardRunResult> {
    if (await this.restore()) return 'finished'
    if (!(await this.attach())) return 'stopped'
    this.isAttached = true
    return this.poll()
  }

  /** Opens the shard iterator at the checkpoint, retrying with backoff; false when aborted first. */
  private async attach(): Promise<boolean> {
    const { reader, signal } = this.deps
    for (let failures = 1; !signal.aborted; failures += 1) {
      try {
        await reader.open(this.position ?? undefined)
        break
      } catch (error) {
        this.log('warn', 'GetShardIterator failed; retrying', { error })
        await sleep(this.backoff(failures), undefined, { signal }).catch(ignoreAbort)
      }
    }
    return !signal.aborted
  }

  /** The poll loop: read while the buffer has room, invoke what is ready, rest when idle. */
  private async poll(): Promise<ShardRunResult> {
    const { reader, signal, batchSize } = this.deps
    let readFailures = 0
    while (!signal.aborted) {
      let fetched = 0
      if (!reader.isEnded && this.buffer.length < batchSize) {
        const read = await this.fetch(readFailures + 1)
        if (read === undefined) {
          readFailures += 1
          continue
        }
        readFailures = 0
        fetched = read
      }
      const step = await this.processAvailable()
      if (this.drained()) {
        await this.checkpoint(true)
        return 'finished'
      }
      if (step === 'idle' && fetched < batchSize) await sleep(this.deps.pollIntervalMs, undefined, { signal }).catch(ignoreAbort)
    }
    return 'stopped'
  }

  /** Reads the next records into the buffer: how many, or undefined after a failed read (logged, then backed off). */
  private async fetch(attempt: number): Promise<number | undefined> {
    try {
      const result = await this.deps.reader.read()
      this.buffer.push(...result.records)
      this.millisBehindLatest = result.millisBehindLatest
      if (result.caughtUp) this.caughtUpAt = result.startedAt
      return result.records.length
    } catch (error) {
      this.log('warn', 'GetRecords failed; retrying', { error, attempt })
      await sleep(this.backoff(attempt), undefined, { signal: this.deps.signal }).catch(ignoreAbort)
      return undefined
    }
  }

  /** The shard ended and every record of it was delivered, the last window included. */
  private drained(): boolean {
    return this.deps.reader.isEnded && this.buffer.length === 0 && this.open === null && this.retry === undefined
  }

  /** Loads the checkpoint; true when the shard was already finished. */
  private async restore(): Promise<boolean> {
    const saved = await this.deps.checkpoints.read(this.deps.source.shardId)
    if (saved === undefined) return false
    if (saved.finished) return true
    this.position = saved.sequenceNumber
    if (saved.window !== null) {
      const window = windowFromIso(saved.window)
      if (window === undefined) {
        throw new CheckpointError(`checkpoint of ${saved.shardId} has an unreadable window`)
      }
      this.open = { window, state: saved.window.state, warned: false }
    }
    return false
  }

  private async processAvailable(): Promise<StepResult> {
    let result: StepResult = 'idle'
    while (!this.deps.signal.aborted) {
      const next = this.retry ?? this.nextInvocation()
      if (next === undefined) break
      const step = await this.execute(next)
      if (step === 'failed') return 'failed'
      result = 'progressed'
    }
    return result
  }

  /** The next batch of the open window, its final invoke when complete, or nothing to do yet. */
  private nextInvocation(): Invocation | undefined {
    const first = this.buffer[0]
    if (this.open === null) {
      if (first === undefined) return undefined
      this.open = { window: windowContaining(first.arrivalMs, this.deps.windowMs), state: {}, warned: false }
    }
    const { endMs } = this.open.window
    let count = 0
    const limit = Math.min(this.buffer.length, this.deps.batchSize)
    while (count < limit && (this.buffer[count]?.arrivalMs ?? endMs) < endMs) count += 1
    if (count > 0) return { records: this.buffer.slice(0, count), final: false }
    return this.windowComplete(endMs) ? { records: [], final: true } : undefined
  }

  /**
   * Every record of the window has been delivered: the shard ended (Lambda closes the window at a
   * reshard), or the clock passed the end and either a later record was read or a caught-up read
   * started after the end.
   */
  private windowComplete(endMs: number): boolean {
    if (this.deps.reader.isEnded) return true
    if (this.deps.clock() < endMs) return false
    return this.buffer.length > 0 || this.caughtUpAt >= endMs + WINDOW_COMPLETION_GRACE_MS
  }

  private async execute(invocation: Invocation): Promise<StepResult> {
    const open = this.open
    if (open === null) throw new Error('invariant: an invocation needs an open window')
    const { invoker, counters, source } = this.deps
    const event = buildWindowEvent({
      source,
      records: invocation.records,
      window: open.window,
      state: open.state,
      isFinalInvokeForWindow: invocation.final,
    })
    const callsBefore = invoker.callCount
    const result = await invoker.invoke(event)
    counters.invocations += invoker.callCount - callsBefore
    const sequenceNumbers = invocation.records.map((r) => r.sequenceNumber)
    const outcome = interpretResponse(result, sequenceNumbers)
    const context = {
      window: windowToIso(open.window),
      final: invocation.final,
      records: invocation.records.length,
      firstSequenceNumber: sequenceNumbers[0],
    }

    if (outcome.kind === 'success') {
      if (invocation.final) {
        this.open = null
        counters.finalInvocations += 1
      } else {
        this.consume(invocation.records.length)
        open.state = outcome.state
        this.warnIfStateTooLarge(open)
      }
      await this.checkpoint(false)
      if (this.attempts > 0) {
        this.log('info', 'invocation succeeded after retries', { ...context, attempts: this.attempts })
      }
      this.retry = undefined
      this.attempts = 0
      return 'progressed'
    }

    counters.failures += 1
    this.attempts += 1
    if (outcome.kind === 'partial') {
      // Lambda: checkpoint before the lowest failed record, retry from it with the state from
      // before this invocation (the returned state is discarded).
      this.consume(outcome.failedIndex)
      await this.checkpoint(false)
      this.retry = undefined
      this.log('warn', 'batchItemFailures reported; retrying from the lowest failed sequence number', {
        ...context,
        retryFrom: sequenceNumbers[outcome.failedIndex],
        attempt: this.attempts,
      })
    } else {
      this.retry = invocation
      this.log('error', `invocation failed: ${outcome.reason}; retrying the same batch`, {
        ...context,
        attempt: this.attempts,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
      })
    }
    await sleep(this.backoff(this.attempts), undefined, { signal: this.deps.signal }).catch(ignoreAbort)
    return 'failed'
  }

  /** Marks the first `count` buffered records processed. */
  private consume(count: number): void {
    const done = this.buffer.splice(0, count)
    const last = done.at(-1)
    if (last !== undefined) this.position = last.sequenceNumber
    this.deps.counters.records += done.length
  }

  private async checkpoint(finished: boolean): Promise<void> {
    await this.deps.checkpoints.write({
      version: 1,
      shardId: this.deps.source.shardId,
      sequenceNumber: this.position,
      window: this.open === null || finished ? null : { ...windowToIso(this.open.window), state: this.open.state },
      finished,
      updatedAt: new Date(this.deps.clock()).toISOString(),
    })
  }

  private warnIfStateTooLarge(open: { state: WindowState; warned: boolean; window: TumblingWindow }): void {
    if (open.warned) return
    const bytes = Buffer.byteLength(JSON.stringify(open.state))
    if (bytes <= ESM_LIMITS.maxStateBytes) return
    open.warned = true
    this.log('warn', 'state exceeds 1 MB: on AWS, Lambda would end this window early', {
      window: windowToIso(open.window),
      bytes,
    })
  }

  /** The pause before retry `attempt`: the platform's one backoff (full jitter, capped), retrying without end as Lambda does while the records last. */
  private backoff(attempt: number): number {
    return backoffDelay(attempt, { maxAttempts: Infinity, baseDelayMs: this.deps.retryBaseMs, maxDelayMs: this.deps.retryMaxMs })
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.deps.logger[level](`[${this.deps.mappingName}] ${this.deps.source.shardId}: ${message}`, fields)
  }
}
