export {
  HEARTBEAT_TYPE,
  INGEST_EVENT_TYPES,
  LOCATION_TYPE,
  STREAM_EVENT_TYPES,
  STREAM_RECORD_TYPES,
  TX_ID_MAX_LENGTH,
  type IngestEventType,
  type StreamEventType,
  type StreamRecordType,
} from './constants.js'
export { CatalogError, InvalidArgumentError } from './errors.js'
export type { FieldError, Stamped, Validation } from './types.js'
export { Bid } from './events/Bid.js'
export { Impression } from './events/Impression.js'
export { Click } from './events/Click.js'
export { AdEvent } from './events/AdEvent.js'
export { Heartbeat } from './events/Heartbeat.js'
export { Location, StampedLocation } from './events/Location.js'
export { StreamRecord, type StampedAdEvent } from './events/StreamRecord.js'
export { eventIdentity, type EventIdentity } from './events/eventIdentity.js'
export { Aggregation } from './aggregates/Aggregation.js'
export { validateRecord } from './validation/validateRecord.js'
export { validateEvent, type EventValidation } from './validation/validateEvent.js'
export { parseStreamRecord, type ParsedStreamRecord } from './validation/parseStreamRecord.js'

// Table definitions of the lake; its I/O (encodings, Glue, stores, queries) is `@sdp/catalog/lake`.
export type { LakeColumn, LakeColumnType } from './lake/LakeColumn.js'
export { LAKE_COLUMN_TYPES } from './lake/LakeColumn.js'
export type { JobDataset, LakeDataset, LakeFormat, LakeRow, LakeTable, LakeTableName } from './lake/LakeTable.js'
export { LAKE_TABLES, LAKE_TABLE_NAMES, lakeTable } from './lake/tables.js'
export { jobLakeTable, isJobDataset, lakeTableByName } from './lake/jobLakeTable.js'
export type { LakePartition } from './lake/LakePartition.js'
export { partitionOf, partitionStart, partitionEnd, partitionId, parsePartitionId } from './lake/LakePartition.js'
export { LAKE_EXTENSIONS, partitionPrefix, lakeObjectKey, compactedPrefix, recordRangeName, partitionOfKey } from './lake/lakeKeys.js'
export { toLakeRow } from './lake/toLakeRow.js'
export { rowIdentity } from './lake/rowIdentity.js'
export type { LakeRows, JoinedContribution, AdTechEmission, AdTechPartial } from './lake/adTechLakeRows.js'
export { adTechLakeRows } from './lake/adTechLakeRows.js'
