import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isJobDataset, jobLakeTable, type LakeTable } from '@sdp/catalog'
import { ConfigError } from '../errors.js'

/** Where the local lake's objects are: s3rver's directory and the bucket. */
export interface LocalLakeBucket {
  readonly s3Directory: string
  readonly bucket: string
}

/**
 * The lake tables of the user jobs that have written results to the local lake: one
 * `parquet_job_<name>` per `parquet/job_<name>/` folder of s3rver's bucket directory, by name. A
 * lake without such folders (or without a bucket yet) has none.
 *
 * @example
 * ```ts
 * const tables = [...Object.values(LAKE_TABLES), ...(await localJobTables(localLakePaths(process.env)))]
 * ```
 */
export async function localJobTables(location: LocalLakeBucket): Promise<LakeTable[]> {
  let folders: string[]
  try {
    const entries = await readdir(join(location.s3Directory, location.bucket, 'parquet'), { withFileTypes: true })
    folders = entries.filter((e) => e.isDirectory() && isJobDataset(e.name)).map((e) => e.name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return folders.sort().map((folder) => jobLakeTable(folder.slice('job_'.length)))
}

/**
 * Checks that the jobs' lake tables differ: names that differ only in case or in `-` against `_`
 * would share `parquet_job_<name>`.
 *
 * @throws ConfigError naming the two jobs
 */
export function assertDistinctJobTables(names: readonly string[]): void {
  const seen = new Map<string, string>()
  for (const name of names) {
    const table = jobLakeTable(name).name
    const twin = seen.get(table)
    if (twin !== undefined) throw new ConfigError(`SDP_JOBS: the jobs '${twin}' and '${name}' would share the lake table ${table}: rename one`)
    seen.set(table, name)
  }
}
