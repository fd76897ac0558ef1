// Public API of @sdp/stream-runtime.
export type { ObjectStore } from './state/ObjectStore.js'
export { S3ObjectStore } from './state/S3ObjectStore.js'
export type { SegmentStateBackendOptions } from './state/SegmentStateBackend.js'
export { SegmentStateBackend } from './state/SegmentStateBackend.js'
export { shardAncestry } from './state/shardAncestry.js'
export { listAllShards } from './kinesis/listAllShards.js'
export { DeadLetterSink } from './deadLetters/DeadLetterSink.js'
export type { WindowHandlerDependencies } from './handler/createWindowHandler.js'
export { createWindowHandler } from './handler/createWindowHandler.js'
export { StreamRuntimeError, StateFormatError } from './errors.js'

// --- lake sink ---
export type { JsonCopySink } from './lake/JsonCopySink.js'
export { BucketJsonSink } from './lake/BucketJsonSink.js'
export { FirehoseJsonSink, type FirehoseJsonSinkOptions } from './lake/FirehoseJsonSink.js'
export { LakeSink, type LakeSinkOptions, type LakeWriteSummary } from './lake/LakeSink.js'
export { lakeOutputs, lakeBatchName } from './lake/lakeOutputs.js'
export type { PartitionRegistrar } from './lake/PartitionRegistrar.js'
export { GluePartitionRegistrar } from './lake/GluePartitionRegistrar.js'
// --- end lake sink ---
export { HEARTBEAT, HeartbeatError, HeartbeatOptionsError, HeartbeatWriteError, startHeartbeatTicker, writeHeartbeats } from './heartbeat/index.js'
export type { HeartbeatRecord, HeartbeatTick, HeartbeatTicker, HeartbeatTickerOptions, WriteHeartbeatsOptions } from './heartbeat/index.js'
export { PARTIAL_BUCKETS, DIRECTORY_SLOTS, bucketOf, bucketHashKey, slotOf } from './exchange/partialBuckets.js'
export type { PartialsRecord, PackedPartial, PartialsTag } from './exchange/PartialsRecord.js'
export { decodePartialsRecord, encodePartialsRecord, packPartials, readPartialsRecord } from './exchange/PartialsRecord.js'
export { KinesisPartialsSink, type KinesisPartialsSinkOptions } from './exchange/KinesisPartialsSink.js'
export type { DirectoryEntry, Head, MergeAccumulators, MergeResult, ResultItem } from './merge/mergePartials.js'
export { mergePartials, partialKeys } from './merge/mergePartials.js'
export { HOUR_MS, DAY_MS, hourOf, dayOf, monthOf, isLastingStateKey, resultVersion } from './merge/resultKeys.js'
export {
  ResultsTable,
  resultsTableDefinition,
  totalsItemKey,
  type ResultsTableOptions,
  type StoredItems,
  type StoredRollup,
  type StoredTotals,
} from './merge/ResultsTable.js'
export { createMergeHandler, rollupMergeCore, type MergeHandlerDependencies } from './merge/createMergeHandler.js'
export type { ArrivedRecord, MergeCore, MergeOutcome } from './merge/MergeCore.js'
export { BatchState } from './merge/BatchState.js'
export { createKeyedMergeHandler, type KeyedMergeDependencies, type MergeBatch } from './merge/createKeyedMergeHandler.js'
export { putVersioned } from './merge/putVersioned.js'
export { mergeHorizons, type MergeHorizons } from './merge/mergeHorizons.js'
export { JobResultsTable, type JobResult, type JobResultsQuery, type JobResultsTableOptions } from './jobs/JobResultsTable.js'
export { jobMergeCore, decodeJobKey, type JobMergeOptions, type JobResultItem } from './jobs/jobMergeCore.js'
export { createJobWindowHandler, type JobWindowDependencies } from './jobs/createJobWindowHandler.js'
export { createJobMergeHandler, jobLakeRow, type JobMergeDependencies } from './jobs/createJobMergeHandler.js'
export { RepartitionError } from './errors.js'
export type { ForwardedRecord, PackedForward, RepartitionRecord } from './repartition/RepartitionRecord.js'
export {
  MAX_FORWARD_KEY_LENGTH,
  decodeRepartitionRecord,
  encodeRepartitionRecord,
  packForwards,
  readRepartitionRecord,
} from './repartition/RepartitionRecord.js'
export { KinesisRepartitionSink, type KinesisRepartitionSinkOptions } from './repartition/KinesisRepartitionSink.js'
export { expandRepartitioned } from './repartition/expandRepartitioned.js'
export { repartitionedJob, type ForwardedEvent } from './repartition/repartitionedJob.js'
export { createRepartitionedWindowHandler, type RepartitionedWindowHandlerDependencies } from './repartition/createRepartitionedWindowHandler.js'
