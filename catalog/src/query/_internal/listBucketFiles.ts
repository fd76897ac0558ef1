import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

/** The suffix s3rver appends to the file holding an object's bytes. */
export const S3RVER_OBJECT_SUFFIX = '._S3rver_object'

/** An object of an s3rver bucket, read straight from its directory. */
export interface BucketFile {
  readonly key: string
  readonly path: string
  readonly size: number
  readonly mtimeMs: number
}

/**
 * Every object under `prefix` in a bucket that s3rver stores in `bucketDirectory`
 * (`<dir>/<bucket>/<key>._S3rver_object`), found by walking the directory: no server needed.
 */
export async function listBucketFiles(bucketDirectory: string, prefix: string): Promise<BucketFile[]> {
  const out: BucketFile[] = []
  const start = join(bucketDirectory, ...prefix.split('/').filter((p) => p !== ''))
  const walk = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.name.endsWith(S3RVER_OBJECT_SUFFIX)) {
        const info = await stat(path).catch(() => undefined)
        if (info === undefined) continue // deleted while listing
        const key = relative(bucketDirectory, path).split(sep).join('/').slice(0, -S3RVER_OBJECT_SUFFIX.length)
        out.push({ key, path, size: info.size, mtimeMs: info.mtimeMs })
      }
    }
  }
  await walk(start)
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
