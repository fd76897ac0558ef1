// Public API of @sdp/aggregation-engine. Everything exported is listed by name.
export type { Json, Key, TimeWindow, TimeDomain, AggregateFunction, ReduceFunction } from './types.js'
export { EngineError, InvalidArgumentError, SnapshotFormatError } from './errors.js'

// Windows and assigners
export { GLOBAL_WINDOW, isGlobalWindow } from './windows/GlobalWindow.js'
export {
  timeWindow,
  windowMaxTimestamp,
  windowContains,
  windowsEqual,
  windowsIntersect,
  windowsOverlap,
  windowsTouch,
  coverWindows,
  windowStartWithOffset,
} from './windows/TimeWindow.js'
export type { WindowMerge } from './windows/mergeWindows.js'
export { mergeWindows } from './windows/mergeWindows.js'
export type { WindowAssigner } from './assigners/WindowAssigner.js'
export type { TumblingWindowsOptions } from './assigners/tumblingWindows.js'
export { tumblingWindows } from './assigners/tumblingWindows.js'
export type { SlidingWindowsOptions } from './assigners/slidingWindows.js'
export { slidingWindows } from './assigners/slidingWindows.js'
export type { SessionWindowsOptions } from './assigners/sessionWindows.js'
export { sessionWindows } from './assigners/sessionWindows.js'
export { globalWindows } from './assigners/globalWindows.js'

// Triggers and watermarks
export type { Trigger, TriggerContext, TriggerMergeContext } from './triggers/Trigger.js'
export type { TriggerResult } from './triggers/TriggerResult.js'
export { triggerFires, triggerPurges } from './triggers/TriggerResult.js'
export { eventTimeTrigger } from './triggers/eventTimeTrigger.js'
export { processingTimeTrigger } from './triggers/processingTimeTrigger.js'
export { countTrigger } from './triggers/countTrigger.js'
export { continuousEventTimeTrigger } from './triggers/continuousEventTimeTrigger.js'
export { neverTrigger } from './triggers/neverTrigger.js'
export { purging } from './triggers/purging.js'
export type { WatermarkGenerator } from './watermarks/WatermarkGenerator.js'
export { NO_WATERMARK } from './watermarks/WatermarkGenerator.js'
export type { BoundedOutOfOrdernessOptions } from './watermarks/boundedOutOfOrderness.js'
export { boundedOutOfOrderness } from './watermarks/boundedOutOfOrderness.js'

// The window operator
export type {
  Firing,
  WindowResult,
  WindowOutputs,
  WindowPartial,
  ProcessWindowContext,
  WindowOperatorBaseOptions,
  AggregateWindowOperatorOptions,
  ReduceWindowOperatorOptions,
  WindowOperatorOptions,
  WindowOperator,
  RestoreWindowOperatorResult,
} from './operator/WindowOperator.js'
export { createWindowOperator } from './operator/createWindowOperator.js'
export { restoreWindowOperator } from './operator/restoreWindowOperator.js'

// Aggregate functions
export { count } from './functions/count.js'
export { sum } from './functions/sum.js'
export { min } from './functions/min.js'
export { max } from './functions/max.js'
export { mean } from './functions/mean.js'
export type { ApproxDistinctCountOptions } from './functions/approxDistinctCount.js'
export { approxDistinctCount } from './functions/approxDistinctCount.js'
export { HyperLogLog } from './functions/HyperLogLog.js'
export { murmur3String32, murmur3String64, murmur3x86_32, murmur3x86_128 } from './hash/murmurHash3.js'
export type { ReducingCodec } from './functions/reducing.js'
export { reducing } from './functions/reducing.js'
export type { CompositeInput, CompositeResult } from './functions/composite.js'
export { composite } from './functions/composite.js'

// Interval joins
export type { KeyedStateStore } from './joins/KeyedStateStore.js'
export { InMemoryKeyedStateStore } from './joins/InMemoryKeyedStateStore.js'
export { TimerQueue } from './state/TimerQueue.js'
export type { SlottedKeyedStateStoreOptions } from './state/SlottedKeyedStateStore.js'
export { SlottedKeyedStateStore, slotKeys } from './state/SlottedKeyedStateStore.js'
export type { IntervalJoinOuter, JoinedPair, IntervalJoinOptions, IntervalJoinOptionsWithSelect } from './joins/intervalJoin.js'
export { intervalJoin } from './joins/intervalJoin.js'
export type { UnmatchedLeft, IntervalJoinOutputs } from './joins/IntervalJoinOperator.js'
export { IntervalJoinOperator } from './joins/IntervalJoinOperator.js'
export type { RestoreIntervalJoinResult } from './joins/restoreIntervalJoin.js'
export { restoreIntervalJoin } from './joins/restoreIntervalJoin.js'

// Lambda tumbling-window adapter
export type { KinesisRecordPayload, KinesisWindowEvent, KinesisWindowResponse } from './lambda/KinesisWindowEvent.js'
export type { RecordContext, ParseResult, KeyedState, FlushedAccumulator, JobInstance, WindowJob } from './lambda/WindowJob.js'
export type { DeadLetter, WindowInvocationPlan } from './lambda/planWindowInvocation.js'
export { planWindowInvocation, shardIdOf } from './lambda/planWindowInvocation.js'
export type { PartialAccumulator, StateSegment, WindowInvocationResult, WindowInvocationOptions } from './lambda/runWindowInvocation.js'
export { runWindowInvocation } from './lambda/runWindowInvocation.js'
export type {
  WindowJobJoin,
  WindowJobOptionsBase,
  WindowJobOptions,
  JoinWindowJobOptions,
  DefinedWindowJob,
  PartialAccumulators,
} from './lambda/defineWindowJob.js'
export { defineWindowJob } from './lambda/defineWindowJob.js'
export { decodeRecordData } from './lambda/decodeRecordData.js'
export { lastSequenceOf } from './lambda/stateEnvelope.js'
export { compareSequenceNumbers, rangeId } from './lambda/sequenceNumbers.js'
export { CARRY_KEY, DEFAULT_STATE_BUDGET_BYTES, LAMBDA_STATE_VERSION } from './lambda/constants.js'
export { InMemoryStateBackend } from './lambda/InMemoryStateBackend.js'
export { runWindowJob, type RunWindowJobOptions, type WindowJobResult, type WindowJobRun } from './lambda/runWindowJob.js'
