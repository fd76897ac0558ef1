import { isJobDataset, jobLakeTable, type LakeTable } from '@sdp/catalog'
import type { LakeStore } from '@sdp/catalog/lake'

/**
 * The lake tables of the user jobs whose results land in this lake: `parquet_job_<name>` for each
 * `parquet/job_<name>/` folder, by name. Listed by key prefix (s3rver answers no folder listings
 * with a delimiter); job tables hold a row per window write, so their listing stays small.
 */
export async function findJobTables(store: LakeStore): Promise<LakeTable[]> {
  const folders = new Set<string>()
  for (const o of await store.list('parquet/job_')) {
    const folder = o.key.split('/')[1]
    if (folder !== undefined && isJobDataset(folder)) folders.add(folder)
  }
  return [...folders].sort().map((folder) => jobLakeTable(folder.slice('job_'.length)))
}
