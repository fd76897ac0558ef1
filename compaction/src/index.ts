// Public API of @sdp/compaction.
export { COMPACTION_DEFAULTS, COMPACTION_STEPS, FIREHOSE_TRANSFORM_SOURCE } from './constants.js'
export { CompactionError, InvalidFirehoseEventError } from './errors.js'
export type { CompactionSettings } from './config.js'
export { COMPACTION_SETTINGS, compactionSettingsFromEnv } from './config.js'
export type {
  FirehoseTransformationEvent,
  FirehoseTransformationRecord,
  FirehoseTransformationResponse,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from './firehose/types.js'
export { transformStreamRecord, type TransformedRecord } from './firehose/transformStreamRecord.js'
export { transformFirehoseEvent, type FirehoseTransformation } from './firehose/transformFirehoseEvent.js'
export { deadLetterObject, type RefusedRecord } from './firehose/deadLetterObject.js'
export { createFirehoseTransformHandler, type FirehoseTransformDependencies } from './firehose/createFirehoseTransformHandler.js'
export type { LakeObject, LakeStore } from '@sdp/catalog/lake'
export { S3LakeStore } from '@sdp/catalog/lake'
export type { Lease, LeaseToken } from './lease/Lease.js'
export { FileLease } from './lease/FileLease.js'
export { S3Lease } from './lease/S3Lease.js'
export { GluePartitionCatalog, type GluePartitionCatalogOptions } from './catalog/GluePartitionCatalog.js'
export type { CompactionCounts, CompactionOptions, CompactionRunReport, CompactionStep, PartitionReport, PartitionStatus } from './compact/types.js'
export { planCompaction, binRows, type CompactionPlan, type PlannedInput } from './compact/planCompaction.js'
export { compactPartition } from './compact/compactPartition.js'
export { collectGarbage, listLive } from './compact/collectGarbage.js'
export { findClosedPartitions } from './compact/findPartitions.js'
export { findJobTables } from './compact/findJobTables.js'
export { keepLatest } from './compact/keepLatest.js'
export { runCompaction, PARQUET_TABLES } from './compact/runCompaction.js'
export { reportCompaction } from './compact/reportCompaction.js'
export { createCompactionHandler, type CompactionHandlerDependencies } from './compact/createCompactionHandler.js'
