import {
  composite,
  defineWindowJob,
  sessionWindows,
  slidingWindows,
  tumblingWindows,
  type DefinedWindowJob,
  type Key,
  type ParseResult,
  type TimeWindow,
  type AggregateFunction,
  type WindowAssigner,
  type WindowJobOptions,
  type WindowResult,
} from '@sdp/aggregation-engine'
import { SOURCE_TABLES } from '../catalog.js'
import { parseFlinkSql } from '../parse/parseFlinkSql.js'
import { buildPlan } from '../plan/buildPlan.js'
import type { Expr, QueryPlan, WindowSpec } from '../plan/QueryPlan.js'
import { cumulatingWindows } from './cumulatingWindows.js'
import { deduplicated } from './deduplicated.js'
import { compileOutputExpr, compileRowExpr, type Row, type RowInput, type SqlValue } from './evaluate.js'
import { groupKey } from './groupKey.js'
import { rankTopN } from './rankTopN.js'
import { leftOuterDelay, leftOuterJoined, type JoinedRow } from './leftOuterJoined.js'
import { sqlAggregate } from './sqlAggregates.js'

/** The platform's allowed lateness (`ALLOWED_LATENESS_SECONDS`' default): a day. */
const DEFAULT_FIXED_LATENESS_MS = 86_400_000

/** A stream event as the compiled job sees it: the record's JSON with `type`, `tx_id` and `ts`. */
export type SqlEvent = Row & { readonly type: string; readonly tx_id: string; readonly ts: number }

/** One output row, by column name. */
export type SqlRow = Readonly<Record<string, SqlValue>>

/** Options of {@link compileQuery}. */
export interface CompileOptions {
  /** The job's name (consumer `job-<name>`). @default 'sql' */
  readonly name?: string
  /** Bounded out-of-orderness of the watermark, ms. @default 5000 (the platform's) */
  readonly watermarkBound?: number
  /**
   * How long a window accepts late events after it closed, ms. Fixed windows leave as partials, so
   * lateness costs little there; an open session rides in the shard carry for its gap plus this.
   * @default a day (the platform's) for TUMBLE and HOP, 0 for SESSION
   */
  readonly allowedLateness?: number
}

/** A compiled query: its plan, the engine job, and how a window's aggregate becomes an output row. */
export interface CompiledQuery {
  readonly plan: QueryPlan
  readonly job: DefinedWindowJob<SqlEvent, WindowResult<unknown>>
  readonly columns: readonly string[]
  /**
   * How long after the watermark passes a window's end its rows are complete, ms: 0, or a left
   * outer join's upper bound (a left row waits that long for its right one).
   */
  readonly fireDelay: number
  /**
   * The windowed aggregate's row of a group's (key, window, aggregate value), or undefined when
   * HAVING drops it. Without a Top-N it is the query's row.
   */
  row(key: Key, window: TimeWindow, value: unknown): SqlRow | undefined
  /**
   * The query's rows from the aggregate's rows of whole windows: a window Top-N ranks them and
   * keeps the best of each window; without one they are returned as they are.
   */
  rank(rows: readonly SqlRow[]): SqlRow[]
}

function assignerOf(window: WindowSpec): WindowAssigner {
  switch (window.kind) {
    case 'tumble':
      return tumblingWindows({ size: window.size })
    case 'hop':
      return slidingWindows({ size: window.size, slide: window.slide })
    case 'session':
      return sessionWindows({ gap: window.gap })
    case 'cumulate':
      return cumulatingWindows(window.step, window.size)
  }
}

const sourcesOf = (e: Expr): number[] =>
  e.kind === 'column' ? [e.source] : e.kind === 'binary' ? [...sourcesOf(e.left), ...sourcesOf(e.right)] : 'operand' in e ? sourcesOf(e.operand) : []

const conjuncts = (e: Expr): Expr[] => (e.kind === 'binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e])

/** Where WHERE applies: to each source's events before the join, and to a left outer join's rows after it. */
interface Filters {
  readonly perSource: Array<((row: Row) => boolean) | undefined>
  readonly afterJoin?: (row: JoinedRow) => boolean
}

/**
 * The WHERE of each source, applied to its events before the join (buildPlan has refused a
 * condition over both sides). In a left outer join a condition on the right side must see the
 * join's NULLs, so it filters the joined rows instead.
 */
function filtersOf(plan: QueryPlan): Filters {
  const parts = plan.where === undefined ? [] : conjuncts(plan.where)
  const outer = plan.join?.kind === 'leftOuter'
  const sourceOf = (p: Expr) => sourcesOf(p)[0] ?? 0
  const all = (checks: ReadonlyArray<(input: RowInput) => SqlValue>) => (input: RowInput) => checks.every((c) => c(input) === true)
  const count = plan.join === undefined ? 1 : 2
  const perSource = Array.from({ length: count }, (_, source) => {
    if (outer && source === 1) return undefined
    const mine = parts.filter((p) => sourceOf(p) === source).map((p) => compileRowExpr(p, false))
    return mine.length === 0 ? undefined : all(mine)
  })
  const after = outer ? parts.filter((p) => sourceOf(p) === 1).map((p) => compileRowExpr(p, true)) : []
  return after.length === 0 ? { perSource } : { perSource, afterJoin: all(after) }
}

/** Parses a stream record for the query's tables: events of other types and filtered ones only move time. */
function parserFor(plan: QueryPlan, filters: Filters['perSource']): (value: unknown) => ParseResult<SqlEvent> {
  const sources = plan.join === undefined ? [plan.source] : [plan.source, plan.join.right]
  // The source of each event type: one lookup per record.
  const sourceOfType = new Map(sources.flatMap((s, i) => SOURCE_TABLES[s.table]!.eventTypes.map((type) => [type, i] as const)))
  return (value) => {
    if (typeof value !== 'object' || value === null) return { kind: 'invalid', reason: 'a record must be a JSON object' }
    const v = value as Record<string, unknown>
    const ts = v.ts
    if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) return { kind: 'invalid', reason: 'ts must be an integer number of epoch milliseconds' }
    const source = sourceOfType.get(v.type as string)
    if (source === undefined || typeof v.tx_id !== 'string') return { kind: 'heartbeat', ts }
    const filter = filters[source]
    if (filter !== undefined && !filter(v)) return { kind: 'heartbeat', ts }
    return { kind: 'event', event: v as SqlEvent }
  }
}

/** What every form of the job shares: name, parse, watermark, key, window and aggregate. */
type CommonOptions = Omit<WindowJobOptions<SqlEvent, unknown, unknown>, 'timestamp' | 'key' | 'aggregate'> & {
  readonly key: (input: RowInput) => Key
  readonly aggregate: AggregateFunction<RowInput, unknown, unknown>
}

/** The engine job of a plan: a window over events, over an inner join's pairs, or over a left outer join's rows. */
function jobOf(plan: QueryPlan, common: CommonOptions, filters: Filters): DefinedWindowJob<SqlEvent, WindowResult<unknown>> {
  const join = plan.join
  if (join === undefined) return defineWindowJob<SqlEvent, unknown, unknown>({ ...common, timestamp: (e) => e.ts })
  const side = (e: SqlEvent) => (SOURCE_TABLES[plan.source.table]!.eventTypes.includes(e.type) ? 'left' : 'right')
  if (join.kind === 'inner') {
    return defineWindowJob<SqlEvent, RowInput, unknown, unknown>({
      ...common,
      timestamp: (e) => e.ts,
      join: { side, key: (e) => e.tx_id, lowerBound: join.lowerBound, upperBound: join.upperBound, select: (left, right) => [left, right] },
    })
  }
  const bound = common.watermark.bound
  const windowJob = defineWindowJob<JoinedRow, unknown, unknown>({
    ...common,
    parse: () => ({ kind: 'invalid', reason: 'the window of a join reads joined rows, not records' }),
    timestamp: (row) => row[0].ts as number,
    watermark: { bound: bound + leftOuterDelay(join.upperBound) },
  })
  const spec = { name: common.name, version: common.version, parse: common.parse, side, key: (e: SqlEvent) => e.tx_id, timestamp: (e: SqlEvent) => e.ts }
  const bounds = { lowerBound: join.lowerBound, upperBound: join.upperBound, watermarkBound: bound }
  return leftOuterJoined({ ...spec, ...bounds, ...(filters.afterJoin === undefined ? {} : { keep: filters.afterJoin }) }, windowJob)
}

/**
 * Compiles a Flink SQL query over the stream into a window job for the Lambda adapter (and so for
 * `SDP_JOBS`), plus the projection that turns each window's aggregates into the query's rows.
 * Each (type, tx_id) counts once. Fixed windows leave as partials; sessions as emitted results.
 *
 * @throws SqlError with the line:column of a syntax error or of what is not supported
 * @example
 * const q = compileQuery("SELECT campaign_item_id, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, campaign_item_id")
 */
export function compileQuery(sql: string, options: CompileOptions = {}): CompiledQuery {
  const plan = buildPlan(parseFlinkSql(sql))
  const joined = plan.join !== undefined
  const keyFns = plan.keys.map((k) => compileRowExpr(k.expr, joined))
  const group = groupKey(keyFns)
  const aggregates = plan.aggregates.map((a) => sqlAggregate(a, joined))
  // One aggregate runs as itself; several as a composite whose result has a field per aggregate.
  const aggregate = aggregates.length === 1 ? aggregates[0]! : composite(Object.fromEntries(aggregates.map((a, i) => [`a${i}`, a])))
  const aggregateValues =
    aggregates.length === 1
      ? (value: unknown) => [value as SqlValue]
      : (value: unknown) => aggregates.map((_, i) => (value as Record<string, SqlValue>)[`a${i}`] ?? null)
  const filters = filtersOf(plan)
  const common: CommonOptions = {
    name: options.name ?? 'sql',
    version: 1,
    parse: parserFor(plan, filters.perSource),
    watermark: { bound: options.watermarkBound ?? 5_000 },
    key: group.key,
    assigner: assignerOf(plan.window),
    aggregate,
    allowedLateness: options.allowedLateness ?? (plan.window.kind === 'session' ? 0 : DEFAULT_FIXED_LATENESS_MS),
  }
  const job = jobOf(plan, common, filters)
  const aggregateColumns = plan.select.map((s) => s.name)
  const columns = plan.topN?.columns ?? aggregateColumns
  const rank = plan.topN === undefined ? (rows: readonly SqlRow[]) => [...rows] : rankTopN(plan.topN, aggregateColumns)
  const outputs = plan.select.map((s) => compileOutputExpr(s.expr))
  const having = plan.having === undefined ? undefined : compileOutputExpr(plan.having)
  return {
    plan,
    job: deduplicated(job),
    fireDelay: plan.join?.kind === 'leftOuter' ? leftOuterDelay(plan.join.upperBound) : 0,
    columns,
    rank,
    row(key, window, value) {
      const input = {
        keys: group.values(key),
        aggregates: aggregateValues(value),
        start: window.start,
        end: window.end,
      }
      if (having !== undefined && having(input) !== true) return undefined
      return Object.fromEntries(aggregateColumns.map((c, i) => [c, outputs[i]!(input)]))
    },
  }
}
