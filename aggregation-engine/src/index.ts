// Public API of @sdp/aggregation-engine. Everything exported is listed by name.
export type { Json, Key, TimeWindow, TimeDomain, AggregateFunction, ReduceFunction } from './types.js'
export { EngineError, InvalidArgumentError, SnapshotFormatError } from './errors.js'

// Lambda tumbling-window adapter
export type { KinesisRecordPayload, KinesisWindowEvent, KinesisWindowResponse } from './lambda/KinesisWindowEvent.js'
export type { RecordContext, ParseResult, KeyedState, FlushedAccumulator, JobInstance, WindowJob } from './lambda/WindowJob.js'
export type { DeadLetter, DecodedItem, DecodedWindowEvent } from './lambda/decodeWindowEvent.js'
export { decodeWindowEvent, shardIdOf } from './lambda/decodeWindowEvent.js'
export type { PartialAccumulator, StateSegment, WindowInvocationResult, WindowInvocationOptions } from './lambda/runWindowInvocation.js'
export { runWindowInvocation } from './lambda/runWindowInvocation.js'
export { lastSequenceOf } from './lambda/stateEnvelope.js'
export { compareSequenceNumbers, rangeId } from './lambda/sequenceNumbers.js'
export { CARRY_KEY, DEFAULT_STATE_BUDGET_BYTES, LAMBDA_STATE_VERSION } from './lambda/constants.js'
