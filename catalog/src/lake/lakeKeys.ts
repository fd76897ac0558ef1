import { InvalidArgumentError } from '../errors.js'
import type { LakePartition } from './LakePartition.js'
import type { LakeTable } from './LakeTable.js'

/** Object-name suffix of each format. */
export const LAKE_EXTENSIONS = { raw: '.json.gz', parquet: '.parquet' } as const

const SAFE_NAME = /^[A-Za-z0-9._=-]+$/

/**
 * The prefix holding a partition's live objects: `<format>/<dataset>/dt=YYYY-MM-DD/hour=HH/`.
 * Writers (Firehose, the lake sink) put objects here, directly under it.
 */
export function partitionPrefix(table: LakeTable, partition: LakePartition): string {
  return `${table.format}/${table.dataset}/dt=${partition.dt}/hour=${partition.hour}/`
}

/**
 * The key of one object of a table: `<format>/<dataset>/dt=/hour=/<name>.json.gz|.parquet`.
 *
 * @throws InvalidArgumentError when `name` has characters other than letters, digits and `._=-`
 * @example
 * ```ts
 * lakeObjectKey(LAKE_TABLES.parquet_bcns, { dt: '2026-11-28', hour: '05' }, 'shardId-000000000000-1-9')
 * // 'parquet/bcns/dt=2026-11-28/hour=05/shardId-000000000000-1-9.parquet'
 * ```
 */
export function lakeObjectKey(table: LakeTable, partition: LakePartition, name: string): string {
  if (!SAFE_NAME.test(name)) throw new InvalidArgumentError(`object name must use only letters, digits and ._=-, got ${JSON.stringify(name)}`)
  return `${partitionPrefix(table, partition)}${name}${LAKE_EXTENSIONS[table.format]}`
}

/**
 * Where compaction writes the versions of a Parquet partition:
 * `parquet/<dataset>/compacted/dt=YYYY-MM-DD/hour=HH/`, one sub-folder per attempt. A sibling of
 * the live prefix, never inside it, so a reader of the live prefix (Athena reads a location
 * recursively) never sees an uncommitted output.
 */
export function compactedPrefix(table: LakeTable, partition: LakePartition): string {
  return `parquet/${table.dataset}/compacted/dt=${partition.dt}/hour=${partition.hour}/`
}

/**
 * The name of the objects written for a run of stream records: `<shardId>-<first>-<last>`. The
 * same records always give the same name, so a retried write replaces its own object.
 */
export function recordRangeName(shardId: string, firstSequenceNumber: string, lastSequenceNumber: string): string {
  return `${shardId}-${firstSequenceNumber}-${lastSequenceNumber}`
}

/** The partition named in a lake key (`.../dt=YYYY-MM-DD/hour=HH/...`), or undefined. */
export function partitionOfKey(key: string): LakePartition | undefined {
  const m = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(key)
  return m ? { dt: m[1] as string, hour: m[2] as string } : undefined
}
