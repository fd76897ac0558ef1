// Public API of @sdp/stream-runtime.
export type { ObjectStore } from './state/ObjectStore.js'
export { S3ObjectStore } from './state/S3ObjectStore.js'
export type { SegmentStateBackendOptions } from './state/SegmentStateBackend.js'
export { SegmentStateBackend } from './state/SegmentStateBackend.js'
export { shardAncestry } from './state/shardAncestry.js'
export type { StoredWindow, DynamoPartialStoreOptions } from './partials/DynamoPartialStore.js'
export { DynamoPartialStore, partialStoreTableDefinition } from './partials/DynamoPartialStore.js'
export { DeadLetterSink } from './deadLetters/DeadLetterSink.js'
export type { WindowHandlerDependencies } from './handler/createWindowHandler.js'
export { createWindowHandler } from './handler/createWindowHandler.js'
export { StreamRuntimeError, StateFormatError, ConfigError } from './errors.js'
export type { Env } from './config/env.js'
export { requiredEnv, positiveIntegerEnv, secondsEnv } from './config/env.js'

// --- lake sink (issue 4) ---
export type { JsonCopySink } from './lake/JsonCopySink.js'
export { BucketJsonSink } from './lake/BucketJsonSink.js'
export { FirehoseJsonSink, type FirehoseJsonSinkOptions } from './lake/FirehoseJsonSink.js'
export { LakeSink, type LakeSinkOptions, type LakeWriteSummary } from './lake/LakeSink.js'
export { lakeOutputs, lakeBatchName } from './lake/lakeOutputs.js'
// --- end lake sink ---
export { HEARTBEAT, HeartbeatError, HeartbeatOptionsError, HeartbeatWriteError, startHeartbeatTicker, writeHeartbeats } from './heartbeat/index.js'
export type { HeartbeatRecord, HeartbeatTick, HeartbeatTicker, HeartbeatTickerOptions, WriteHeartbeatsOptions } from './heartbeat/index.js'
