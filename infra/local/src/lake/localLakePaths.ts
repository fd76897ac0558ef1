import { join, resolve } from 'node:path'

/** The bucket of the local lake. */
export const LOCAL_LAKE_BUCKET = 'sdp-lake'

/** Where the local lake lives under a data directory. */
export interface LocalLakePaths {
  readonly dataDir: string
  /** s3rver's directory: objects are `<s3Directory>/<bucket>/<key>._S3rver_object`. */
  readonly s3Directory: string
  readonly bucket: string
  /** The partition catalog (`FilePartitionCatalog`): one file per committed version. */
  readonly catalogDirectory: string
  /** Compaction leases (`FileLease`). */
  readonly leaseDirectory: string
}

/**
 * The local lake's paths: `SDP_DATA_DIR` (default `./.sdp-data`), s3rver under `<dataDir>/s3`,
 * bucket `sdp-lake`, catalog under `<dataDir>/catalog`, leases under `<dataDir>/leases`.
 *
 * @example
 * ```ts
 * const { s3Directory, catalogDirectory } = localLakePaths(process.env)
 * ```
 */
export function localLakePaths(env: Readonly<Record<string, string | undefined>>): LocalLakePaths {
  const raw = env['SDP_DATA_DIR']
  const dataDir = resolve(raw === undefined || raw.trim() === '' ? './.sdp-data' : raw)
  return {
    dataDir,
    s3Directory: join(dataDir, 's3'),
    bucket: LOCAL_LAKE_BUCKET,
    catalogDirectory: join(dataDir, 'catalog'),
    leaseDirectory: join(dataDir, 'leases'),
  }
}
