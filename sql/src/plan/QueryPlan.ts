import type { SqlPosition } from '../errors.js'
import type { SqlType } from '../catalog.js'

/** Operators of binary expressions. */
export type BinaryOperator = '+' | '-' | '*' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR'

/** The aggregate functions the compiler supports. */
export type AggregateName = 'COUNT' | 'COUNT_DISTINCT' | 'APPROX_COUNT_DISTINCT' | 'SUM' | 'MIN' | 'MAX' | 'AVG'

/** A typed expression over the columns of the source rows (index 0, or 0 and 1 for a join). */
export type Expr =
  | { readonly kind: 'column'; readonly source: number; readonly table: string; readonly name: string; readonly type: SqlType }
  | { readonly kind: 'literal'; readonly value: number | string | boolean | null; readonly type: SqlType }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr; readonly type: SqlType }
  | { readonly kind: 'not'; readonly operand: Expr; readonly type: 'boolean' }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly type: 'number' }
  | { readonly kind: 'isNull'; readonly operand: Expr; readonly negated: boolean; readonly type: 'boolean' }

/** An aggregate call: `arg` is absent for `COUNT(*)`. */
export interface AggregateCall {
  readonly name: AggregateName
  readonly arg?: Expr
  /** How the call was written, for explain and column names. */
  readonly text: string
}

/** An output expression: over group keys (by index), aggregates (by index) and the window bounds. */
export type OutputExpr =
  | { readonly kind: 'key'; readonly index: number; readonly type: SqlType }
  | { readonly kind: 'aggregate'; readonly index: number; readonly type: SqlType }
  | { readonly kind: 'windowStart' | 'windowEnd'; readonly type: 'number' }
  | { readonly kind: 'literal'; readonly value: number | string | boolean | null; readonly type: SqlType }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: OutputExpr; readonly right: OutputExpr; readonly type: SqlType }
  | { readonly kind: 'not'; readonly operand: OutputExpr; readonly type: 'boolean' }
  | { readonly kind: 'negate'; readonly operand: OutputExpr; readonly type: 'number' }
  | { readonly kind: 'isNull'; readonly operand: OutputExpr; readonly negated: boolean; readonly type: 'boolean' }

/** The event-time window of the query, sizes in ms. */
export type WindowSpec =
  | { readonly kind: 'tumble'; readonly size: number }
  | { readonly kind: 'hop'; readonly size: number; readonly slide: number }
  | { readonly kind: 'cumulate'; readonly size: number; readonly step: number }
  | { readonly kind: 'session'; readonly gap: number }

/** A source table as the query names it. */
export interface SourceRef {
  readonly table: string
  readonly alias: string
}

/**
 * An interval join of two tables on the partition key:
 * `left.ts + lowerBound <= right.ts <= left.ts + upperBound`. A left outer join also keeps each
 * left row nothing joined, once, with NULL right columns.
 */
export interface JoinSpec {
  readonly kind: 'inner' | 'leftOuter'
  readonly right: SourceRef
  readonly lowerBound: number
  readonly upperBound: number
}

/**
 * Flink's window Top-N over the windowed aggregate's rows: per partition (the window, and any
 * further columns), the rows ordered by `orderBy`, ties broken by the rows' columns in SELECT
 * order (ascending, NULL first), numbered from 1 as `rowNumber`; rows up to `limit` are kept.
 */
export interface TopNSpec {
  /** Columns of the aggregate's output: window_start, window_end and maybe more. */
  readonly partitionBy: readonly string[]
  readonly orderBy: ReadonlyArray<{ readonly column: string; readonly descending: boolean; readonly nullsFirst: boolean }>
  readonly rowNumber: string
  readonly limit: number
  /** The query's output columns: the aggregate's, by name, and maybe the row number. */
  readonly columns: readonly string[]
}

/** A query as the compiler understands it: pure data, printed by `explain`. */
export interface QueryPlan {
  readonly source: SourceRef
  readonly join?: JoinSpec
  readonly where?: Expr
  readonly window: WindowSpec
  /** Which source's `ts` is the window's time attribute (0, or 1 for the right side of a join). */
  readonly timeSource: number
  readonly keys: ReadonlyArray<{ readonly name: string; readonly expr: Extract<Expr, { kind: 'column' }> }>
  readonly aggregates: readonly AggregateCall[]
  readonly select: ReadonlyArray<{ readonly name: string; readonly expr: OutputExpr }>
  readonly having?: OutputExpr
  /** A window Top-N over the aggregate's rows (`select` are then the aggregate's columns). */
  readonly topN?: TopNSpec
}

/** Where a plan node came from in the query text. */
export type Positioned<T> = T & { readonly position: SqlPosition }
