// `@sdp/catalog/lake`: the lake's I/O — the one Parquet and NDJSON encoding of table rows, Glue
// table inputs, the object store, the partition catalog, and the query front (Athena on AWS,
// DuckDB locally). The schemas and table definitions they work on are at the package root.
export { encodeParquet, PARQUET_ROW_GROUP_ROWS } from './encodeParquet.js'
export { decodeParquet, type DecodeParquetOptions } from './decodeParquet.js'
export { ndjsonLine, encodeNdjson, encodeNdjsonGzip } from './encodeNdjson.js'
export type { GlueTableOptions } from './glueTableInput.js'
export { glueDatabaseInput, glueTableInput, gluePartitionInput, firehoseRawPrefix, firehoseJqPartitionQuery } from './glueTableInput.js'
export type { ManifestFile, PartitionManifest } from './PartitionManifest.js'
export { visibleKeys } from './PartitionManifest.js'
export type { PartitionCatalog } from './PartitionCatalog.js'
export { FilePartitionCatalog } from './FilePartitionCatalog.js'
export type { LakeObject, LakeStore } from './LakeStore.js'
export { S3LakeStore } from './S3LakeStore.js'
export type { QueryColumn, QueryResult, QueryRunner } from '../query/QueryRunner.js'
export { lakeViewSql } from '../query/lakeViewSql.js'
export { localLakeFiles, type LocalLakeLocation } from '../query/localLakeFiles.js'
export { openLocalLake, type LocalLake, type LocalLakeOptions } from '../query/openLocalLake.js'
export { AthenaQueryRunner, AthenaQueryError, type AthenaQueryRunnerOptions } from '../query/AthenaQueryRunner.js'
