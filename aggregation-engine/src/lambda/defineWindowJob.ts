import type { WindowAssigner } from '../assigners/WindowAssigner.js'
import { InvalidArgumentError } from '../errors.js'
import { intervalJoin } from '../joins/intervalJoin.js'
import { createWindowOperator } from '../operator/createWindowOperator.js'
import type { AggregateWindowOperatorOptions, ProcessWindowContext, WindowOperatorOptions, WindowResult } from '../operator/WindowOperator.js'
import type { Trigger } from '../triggers/Trigger.js'
import type { AggregateFunction, Json, Key } from '../types.js'
import { boundedOutOfOrderness, type BoundedOutOfOrdernessOptions } from '../watermarks/boundedOutOfOrderness.js'
import type { ParseResult, WindowJob } from './WindowJob.js'
import { OperatorJobInstance, type InstanceConfig, type Routed } from './_internal/OperatorJobInstance.js'
import { joinStateKey } from './_internal/PartitionKeyedJoinStore.js'

/**
 * An inner interval join in front of the window: a left and a right event with the same key join
 * when `left.ts + lowerBound <= right.ts <= left.ts + upperBound`; each pair enters the window as
 * `select(left, right, ts)` at `ts = max(left.ts, right.ts)`. Only pairs reach the window.
 */
export interface WindowJobJoin<E, IN> {
  /** Which input an event belongs to. */
  readonly side: (event: E) => 'left' | 'right'
  /**
   * The join key. It must be the record's partition key: the join's state is fetched by it, so an
   * event whose key is another is dead-lettered.
   */
  readonly key: (event: E) => string
  /** Integer ms, may be negative. */
  readonly lowerBound: number
  /** Integer ms, `>= lowerBound`. */
  readonly upperBound: number
  /** @default true */
  readonly lowerInclusive?: boolean
  /** @default true */
  readonly upperInclusive?: boolean
  readonly select: (left: E, right: E, ts: number) => IN
}

/**
 * How a defined job's partials become values outside the job: merge two partials' accumulators (as
 * they leave, encoded), and read an accumulator's result — what a results store needs.
 */
export interface PartialAccumulators {
  /** The encoded merge of two encoded accumulators of the same (key, window). */
  merge(a: Json, b: Json): Json
  /** The aggregate's result (`getResult`) of an encoded accumulator. */
  result(accumulator: Json): unknown
}

/** A {@link WindowJob} built by {@link defineWindowJob}: it also says how to merge its partials. */
export interface DefinedWindowJob<E, R> extends WindowJob<E, R> {
  readonly accumulators: PartialAccumulators
  /** Milliseconds a window accepts late elements (the option, 0 when not given): how long a second stage must keep a window's accumulator. */
  readonly allowedLateness: number
}

/** Options of {@link defineWindowJob} shared by the plain and the join form. */
export interface WindowJobOptionsBase<E, IN, ACC, OUT, R> {
  /** Names the job in Lambda's `state`. */
  readonly name: string
  /** Version of the job's state format: raise it when the aggregate's accumulator changes shape. */
  readonly version: number
  /** The event of a record's JSON value, a heartbeat (`{ kind: 'heartbeat', ts }`), or why the record is invalid. */
  readonly parse: (value: unknown, partitionKey: string) => ParseResult<E>
  /** Event time of an event, integer epoch ms: places it in windows and drives the watermark. */
  readonly timestamp: (event: E) => number
  /** Bounded out-of-orderness over event timestamps and heartbeats: `maxTs - bound - 1`. */
  readonly watermark: BoundedOutOfOrdernessOptions
  /** The window key of an element (the event, or the joined value). */
  readonly key: (element: NoInfer<IN>) => Key
  /** An event-time assigner: tumbling, sliding, session or global windows. */
  readonly assigner: WindowAssigner
  /** The events' type is inferred from `parse` (and `join.select`), so `count()` needs no type argument. */
  readonly aggregate: AggregateFunction<NoInfer<IN>, ACC, OUT>
  /** @default assigner.defaultTrigger() */
  readonly trigger?: Trigger
  /** Milliseconds a window accepts late elements after `end - 1`. @default 0 */
  readonly allowedLateness?: number
  /** Maps each firing's aggregate to the emitted value (session windows). @default identity */
  readonly process?: (context: ProcessWindowContext, aggregated: OUT) => R
  /** Estimated bytes of one accumulator in the state (see `createWindowOperator`). */
  readonly accumulatorBytes?: number | ((accumulator: ACC) => number)
}

/** A job whose events go straight into the window. */
export interface WindowJobOptions<E, ACC, OUT, R = OUT> extends WindowJobOptionsBase<E, E, ACC, OUT, R> {
  readonly join?: undefined
}

/** A job whose events are joined first; the pairs go into the window. */
export interface JoinWindowJobOptions<E, IN, ACC, OUT, R = OUT> extends WindowJobOptionsBase<E, IN, ACC, OUT, R> {
  readonly join: WindowJobJoin<E, IN>
}

const isFunction = (value: unknown): boolean => typeof value === 'function'
const isKey = (key: unknown): boolean => typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))

/**
 * A {@link WindowJob} for the Lambda adapter from a parse function, an optional inner join and a
 * keyed event-time window — Flink's `source → [intervalJoin] → keyBy → window → aggregate`.
 * One watermark drives join and window: bounded out-of-orderness over every event's timestamp and
 * every heartbeat, kept in the shard carry, so it continues across Lambda windows.
 *
 * What leaves, and what is safe by default:
 * - **Fixed windows** (tumbling, sliding, global) leave as partials at every flush (end of a Lambda
 *   window, or the state budget), named by the records they cover; merging them per (key, window)
 *   gives the full aggregate. Windows cleaned up before a flush still leave (nothing is lost).
 * - **Session windows** stay open across Lambda windows: the operator with its open sessions,
 *   accumulators and timers rides in the carry, so a session merges and fires exactly as in Flink;
 *   they leave as emitted {@link WindowResult}s (on-time, and late firings within the lateness).
 * - Records that `parse` refuses, events whose timestamp is not an integer, and join events whose
 *   key is not the partition key become dead letters; events behind the watermark go to `late`.
 *
 * The job also carries {@link PartialAccumulators}: how a results store merges its partials and
 * reads their values.
 *
 * @throws InvalidArgumentError on invalid options (processing-time windows, a missing function, bad bounds).
 * @example
 * const job = defineWindowJob({
 *   name: 'clicks-per-campaign', version: 1,
 *   parse: (v) => ({ kind: 'event', event: v as Click }),
 *   timestamp: (c) => c.ts, watermark: { bound: 5_000 },
 *   key: (c) => c.campaign, assigner: tumblingWindows({ size: 60_000 }),
 *   aggregate: count(), allowedLateness: 3_600_000,
 * })
 * const result = runWindowInvocation(event, job, fetched) // result.partials: per (campaign, minute)
 */
export function defineWindowJob<E, ACC, OUT, R = OUT>(options: WindowJobOptions<E, ACC, OUT, R>): DefinedWindowJob<E, WindowResult<R>>
export function defineWindowJob<E, IN, ACC, OUT, R = OUT>(options: JoinWindowJobOptions<E, IN, ACC, OUT, R>): DefinedWindowJob<E, WindowResult<R>>
export function defineWindowJob<E, IN, ACC, OUT, R>(
  options: WindowJobOptions<E, ACC, OUT, R> | JoinWindowJobOptions<E, IN, ACC, OUT, R>,
): DefinedWindowJob<E, WindowResult<R>> {
  const config = resolveJob(options as JoinWindowJobOptions<E, IN, ACC, OUT, R>)
  const { timestamp, join } = config
  const key = options.key as (element: IN | E) => Key
  return {
    name: options.name,
    version: options.version,
    parse(value, partitionKey) {
      const parsed = options.parse(value, partitionKey)
      if (parsed.kind !== 'event') return parsed
      const e = parsed.event
      const ts = timestamp(e)
      if (!Number.isSafeInteger(ts)) return { kind: 'invalid', reason: `timestamp must be an integer number of epoch milliseconds, got ${String(ts)}` }
      if (join === undefined) {
        const k = key(e)
        return isKey(k) ? parsed : { kind: 'invalid', reason: `key must be a string or a finite number, got ${String(k)}` }
      }
      const side = join.side(e)
      if (side !== 'left' && side !== 'right') return { kind: 'invalid', reason: `join side must be 'left' or 'right', got ${String(side)}` }
      const k = join.key(e)
      if (k !== partitionKey) {
        return {
          kind: 'invalid',
          reason: `join key ${JSON.stringify(k)} is not the partition key ${JSON.stringify(partitionKey)}: producers must use the join key as partition key`,
        }
      }
      return parsed
    },
    ...(join === undefined ? {} : { stateKeys: (partitionKey: string) => [joinStateKey(partitionKey)] }),
    open: (args) => new OperatorJobInstance(config, args),
    accumulators: partialAccumulators<unknown, ACC, OUT>(options.aggregate),
    allowedLateness: options.allowedLateness ?? 0,
  }
}

function partialAccumulators<IN, ACC, OUT>(aggregate: AggregateFunction<IN, ACC, OUT>): PartialAccumulators {
  const decode = (json: Json): ACC => (aggregate.decode ? aggregate.decode(json) : (json as ACC))
  const encode = (acc: ACC): Json => (aggregate.encode ? aggregate.encode(acc) : (acc as Json))
  return {
    merge: (a, b) => encode(aggregate.merge(decode(a), decode(b))),
    result: (acc) => aggregate.getResult(decode(acc)),
  }
}

/** Checks the options at the door (by building what they describe once) and resolves the instance config. */
function resolveJob<E, IN, ACC, OUT, R>(options: JoinWindowJobOptions<E, IN, ACC, OUT, R>): InstanceConfig<E, IN, R> {
  checkFunctions(options)
  const assigner = options.assigner
  if (typeof assigner !== 'object' || assigner === null || assigner.timeDomain !== 'event') {
    throw new InvalidArgumentError('assigner must be an event-time window assigner: the adapter has no processing time')
  }
  if (options.aggregate === undefined) throw new InvalidArgumentError('aggregate must be given')
  if (options.join !== undefined) checkJoin(options.join, options.timestamp)
  boundedOutOfOrderness(options.watermark)
  const operator = operatorOptions(options)
  createWindowOperator(operator)
  return {
    timestamp: options.timestamp,
    generator: () => boundedOutOfOrderness(options.watermark),
    operator: operator as WindowOperatorOptions<Routed<E, IN>, unknown, unknown, R>,
    sessions: assigner.isMerging,
    join: options.join,
  }
}

/** The options are an object with a name, a version and the functions every job needs. */
function checkFunctions<E, IN, ACC, OUT, R>(options: JoinWindowJobOptions<E, IN, ACC, OUT, R>): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options must be an object')
  if (typeof options.name !== 'string' || options.name === '') throw new InvalidArgumentError('name must be a non-empty string')
  if (!Number.isSafeInteger(options.version) || options.version < 0) throw new InvalidArgumentError('version must be a non-negative integer')
  for (const name of ['parse', 'timestamp', 'key'] as const) {
    if (!isFunction(options[name])) throw new InvalidArgumentError(`${name} must be a function`)
  }
}

/** The join's functions exist and its bounds are valid (checked by building the join once). */
function checkJoin<E, IN>(join: WindowJobJoin<E, IN>, timestamp: (event: E) => number): void {
  for (const name of ['side', 'key', 'select'] as const) {
    if (!isFunction(join[name])) throw new InvalidArgumentError(`join.${name} must be a function`)
  }
  const { lowerBound, upperBound, lowerInclusive, upperInclusive } = join
  intervalJoin({
    leftKey: join.key,
    rightKey: join.key,
    leftTimestamp: timestamp,
    rightTimestamp: timestamp,
    lowerBound,
    upperBound,
    ...(lowerInclusive === undefined ? {} : { lowerInclusive }),
    ...(upperInclusive === undefined ? {} : { upperInclusive }),
  })
}

/** The window operator's options over routed elements: the user's key and aggregate applied to each element's value. */
function operatorOptions<E, IN, ACC, OUT, R>(options: JoinWindowJobOptions<E, IN, ACC, OUT, R>): AggregateWindowOperatorOptions<Routed<E, IN>, ACC, OUT, R> {
  const userKey = options.key
  const aggregate = options.aggregate
  const optional = <K extends 'trigger' | 'allowedLateness' | 'process' | 'accumulatorBytes'>(name: K) =>
    (options[name] === undefined ? {} : { [name]: options[name] }) as Partial<Pick<WindowJobOptionsBase<E, IN, ACC, OUT, R>, K>>
  return {
    keyBy: (r) => userKey(r.value),
    timestamp: (r) => r.ts,
    assigner: options.assigner,
    aggregate: routedAggregate(aggregate),
    watermark: options.watermark,
    ...optional('trigger'),
    ...optional('allowedLateness'),
    ...optional('process'),
    ...optional('accumulatorBytes'),
  }
}

/** The user's aggregate over routed elements (their values), with its codec when it has one. */
function routedAggregate<E, IN, ACC, OUT>(aggregate: AggregateFunction<IN, ACC, OUT>): AggregateFunction<Routed<E, IN>, ACC, OUT> {
  return {
    createAccumulator: () => aggregate.createAccumulator(),
    add: (r, acc) => aggregate.add(r.value, acc),
    merge: (a, b) => aggregate.merge(a, b),
    getResult: (acc) => aggregate.getResult(acc),
    ...(aggregate.encode === undefined ? {} : { encode: (acc: ACC) => (aggregate.encode as NonNullable<typeof aggregate.encode>)(acc) }),
    ...(aggregate.decode === undefined ? {} : { decode: (json: Json) => (aggregate.decode as NonNullable<typeof aggregate.decode>)(json) }),
  }
}
