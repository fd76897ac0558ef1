import { open, readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import type { BucketFile } from './listBucketFiles.js'

const MAGIC = Buffer.from('PAR1')

/**
 * s3rver writes an object in place, so a reader can meet one half written. A Parquet file is
 * complete when it starts and ends with `PAR1` (the footer is written last).
 */
export async function isCompleteParquet(path: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'r')
    const { size } = await handle.stat()
    if (size < 12) return false
    const head = Buffer.alloc(4)
    const tail = Buffer.alloc(4)
    await handle.read(head, 0, 4, 0)
    await handle.read(tail, 0, 4, size - 4)
    return head.equals(MAGIC) && tail.equals(MAGIC)
  } catch {
    return false
  } finally {
    await handle?.close()
  }
}

/**
 * Whether a gzip object is complete. Objects older than `settledMs` are taken as complete (s3rver
 * writes one in milliseconds); younger ones are decompressed to check.
 */
export async function isCompleteGzip(file: BucketFile, now: number, settledMs = 10_000): Promise<boolean> {
  if (file.size === 0) return false
  if (now - file.mtimeMs > settledMs) return true
  try {
    gunzipSync(await readFile(file.path))
    return true
  } catch {
    return false
  }
}
