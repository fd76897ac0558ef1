import S3rver from 's3rver'
import { LOCAL_HOST } from '../constants.js'
import { AtomicFilesystemStore } from './AtomicFilesystemStore.js'

/**
 * An s3rver on a free port of 127.0.0.1 serving `directory` (objects are plain files
 * `<directory>/<bucket>/<key>._S3rver_object`), path-style, with PUTs that are all-or-nothing
 * on disk as on S3 (see {@link AtomicFilesystemStore}). Call `run()` to listen.
 */
export function createS3rver(directory: string): S3rver {
  const server = new S3rver({ address: LOCAL_HOST, port: 0, silent: true, directory, vhostBuckets: false })
  server.store = server.context.store = new AtomicFilesystemStore(directory)
  return server
}
