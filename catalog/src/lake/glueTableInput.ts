import type { DatabaseInput, PartitionInput, StorageDescriptor, TableInput } from '@aws-sdk/client-glue'
import { LAKE_COLUMN_TYPES } from './LakeColumn.js'
import type { LakePartition } from './LakePartition.js'
import type { LakeTable } from './LakeTable.js'
import { partitionPrefix } from './lakeKeys.js'

/** Options of the Glue generators. */
export interface GlueTableOptions {
  /** The lake bucket. */
  readonly bucket: string
  /** First day partition projection of `raw_*` tables enumerates. @default '2025-01-01' */
  readonly projectionStart?: string
}

const JSON_FORMAT = {
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'ignore.malformed.json': 'FALSE' } },
} as const
const PARQUET_FORMAT = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
} as const

function storage(table: LakeTable, location: string): StorageDescriptor {
  return {
    Columns: table.columns.map((c) => ({ Name: c.name, Type: LAKE_COLUMN_TYPES[c.type].glue })),
    Location: location,
    Compressed: table.format === 'raw',
    ...(table.format === 'raw' ? JSON_FORMAT : PARQUET_FORMAT),
  }
}

/** The Glue database of the lake. */
export function glueDatabaseInput(name: string): DatabaseInput {
  return { Name: name, Description: 'Streaming data platform lake: raw NDJSON and Parquet tables' }
}

/**
 * The Glue `TableInput` of a lake table, for the CDK stack (`CfnTable`) or `CreateTable`.
 * `raw_*` tables use partition projection on `dt` (date, from `projectionStart` to NOW) and
 * `hour` (00–23) with a `storage.location.template`, so nothing is registered per object.
 * `parquet_*` tables have registered partitions: each partition's location is what compaction
 * swaps in one `UpdatePartition` call (the live prefix until the first compaction, then the
 * committed compacted version).
 *
 * @example
 * ```ts
 * new glue.CfnTable(this, 'RawBcns', { catalogId, databaseName, tableInput: glueTableInput(LAKE_TABLES.raw_bcns, { bucket }) })
 * ```
 */
export function glueTableInput(table: LakeTable, options: GlueTableOptions): TableInput {
  const root = `s3://${options.bucket}/${table.format}/${table.dataset}/`
  const projection: Record<string, string> =
    table.format === 'raw'
      ? {
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${options.projectionStart ?? '2025-01-01'},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'projection.hour.digits': '2',
          'storage.location.template': `${root}dt=\${dt}/hour=\${hour}/`,
        }
      : {}
  return {
    Name: table.name,
    Description: table.description,
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      EXTERNAL: 'TRUE',
      classification: table.format === 'raw' ? 'json' : 'parquet',
      ...(table.format === 'raw' ? { compressionType: 'gzip' } : {}),
      'sdp.identity': table.identity.join(','),
      ...projection,
    },
    PartitionKeys: table.partitionKeys.map((name) => ({ Name: name, Type: 'string' })),
    StorageDescriptor: storage(table, root),
  }
}

/**
 * The Glue `PartitionInput` of a partition of a `parquet_*` table at `location` (an `s3://`
 * prefix ending in `/`): the live prefix by default.
 */
export function gluePartitionInput(
  table: LakeTable,
  partition: LakePartition,
  options: { readonly bucket: string; readonly location?: string; readonly parameters?: Record<string, string> },
): PartitionInput {
  const location = options.location ?? `s3://${options.bucket}/${partitionPrefix(table, partition)}`
  return { Values: [partition.dt, partition.hour], StorageDescriptor: storage(table, location), Parameters: { ...options.parameters } }
}

/**
 * The S3 prefix of a Firehose delivery stream that lands a `raw_*` table with dynamic
 * partitioning, the keys coming from the transformation Lambda (`raw_bcns`) or from a JQ query
 * over the record ({@link firehoseJqPartitionQuery}).
 */
export function firehoseRawPrefix(table: LakeTable, source: 'lambda' | 'query'): string {
  const ns = source === 'lambda' ? 'partitionKeyFromLambda' : 'partitionKeyFromQuery'
  return `${table.format}/${table.dataset}/dt=!{${ns}:dt}/hour=!{${ns}:hour}/`
}

/**
 * Firehose's inline JQ `MetadataExtractionQuery` that computes a record's `dt`/`hour` from its
 * time column (jq 1.6), for the delivery streams fed by `PutRecordBatch`.
 */
export function firehoseJqPartitionQuery(table: LakeTable): string {
  const t = `(.${table.timeColumn} / 1000 | floor)`
  return `{dt: ${t} | strftime("%Y-%m-%d"), hour: ${t} | strftime("%H")}`
}
