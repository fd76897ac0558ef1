import { InvalidArgumentError } from '../errors.js'
import type { LakeTable } from './LakeTable.js'
import { lakeTable } from './tables.js'

const DATASET = /^job_[a-z0-9_]{1,63}$/

/**
 * The lake table of a user job's results, `parquet_job_<name>` (the name lower-cased, `-` as
 * `_`, so it needs no quoting in SQL), under `parquet/job_<name>/dt=YYYY-MM-DD/hour=HH/` by window
 * start. Its second stage appends a row each time it writes a window's value: `key`,
 * `window_start`, `window_end`, `value` (JSON) and `revision` (the write's version, rising), so
 * the row with the highest revision of a window holds its current value, the one the results API
 * answers. Compaction keeps only that row of each window (`latest`).
 *
 * @throws InvalidArgumentError when the name gives no valid data set (letters, digits, `-`, `_`; 1–63)
 * @example
 * ```ts
 * jobLakeTable('nexmark-q7').name // 'parquet_job_nexmark_q7'
 * ```
 */
export function jobLakeTable(job: string): LakeTable {
  const dataset = `job_${job.toLowerCase().replaceAll('-', '_')}` as const
  if (!DATASET.test(dataset)) throw new InvalidArgumentError(`job name must be 1-63 letters, digits, '-' or '_', got ${JSON.stringify(job)}`)
  return {
    name: `parquet_${dataset}`,
    dataset,
    format: 'parquet',
    description: `results of the user job ${dataset.slice('job_'.length)}: a row per write of a window's value (Parquet)`,
    columns: [
      { name: 'key', type: 'string', required: true },
      { name: 'window_start', type: 'int64', required: true },
      { name: 'window_end', type: 'int64', required: true },
      { name: 'value', type: 'string', required: true },
      { name: 'revision', type: 'string', required: true },
    ],
    identity: ['key', 'window_start', 'window_end', 'revision'],
    // Stage 2 writes a window's value under a fixed-width version that only rises (the results
    // table's guard): the highest revision is the current value, older ones are superseded.
    latest: { key: ['key', 'window_start', 'window_end'], revision: 'revision' },
    timeColumn: 'window_start',
    partitionKeys: ['dt', 'hour'],
  }
}

/**
 * A lake table by its name, a user job's `parquet_job_<name>` included.
 *
 * @throws InvalidArgumentError naming the tables there are
 */
export function lakeTableByName(name: string): LakeTable {
  const dataset = name.startsWith('parquet_') ? name.slice('parquet_'.length) : ''
  return isJobDataset(dataset) ? jobLakeTable(dataset.slice('job_'.length)) : lakeTable(name)
}

/** Whether a `parquet/<folder>/` of the lake holds a user job's results (`job_<name>`). */
export function isJobDataset(folder: string): boolean {
  return DATASET.test(folder)
}
