// Public API of @sdp/sql. Everything exported is listed by name.
export { SqlError, type SqlPosition } from './errors.js'
export { SOURCE_TABLES, PARTITION_COLUMN, TIME_COLUMN, type SourceTable, type SqlType } from './catalog.js'
export type { QueryPlan, Expr, OutputExpr, AggregateCall, AggregateName, WindowSpec, JoinSpec, TopNSpec, SourceRef, BinaryOperator } from './plan/QueryPlan.js'
export { parseFlinkSql } from './parse/parseFlinkSql.js'
export { buildPlan } from './plan/buildPlan.js'
export { compileQuery, type CompileOptions, type CompiledQuery, type SqlEvent, type SqlRow } from './compile/compileQuery.js'
export type { SqlValue } from './compile/evaluate.js'
export { explain } from './explain.js'
