import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type StoreBase from 's3rver/lib/stores/filesystem.js'
import type S3ObjectModel from 's3rver/lib/models/object.js'

// s3rver is CommonJS and exports its store and object model only by path.
const require = createRequire(import.meta.url)
const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as typeof StoreBase
const { ALLOWED_METADATA } = require('s3rver/lib/models/object.js') as typeof S3ObjectModel

type ObjectInput = Parameters<StoreBase['putObject']>[0]

/**
 * s3rver's file store with S3's all-or-nothing PUT. s3rver streams a body straight into the
 * object's file and answers before the bytes are written, so a platform killed during (or just
 * after) a PutObject leaves a torn object that every later reader fails on — a state segment its
 * writer believes stored stalls that consumer for good. Here a body goes to a temporary file
 * beside the object and is renamed over it only once complete, before the answer; a crash
 * leaves the previous object (or none) and an unlisted temporary file. No fsync: the failure
 * emulated is a killed process, whose written bytes the operating system keeps.
 */
export class AtomicFilesystemStore extends FilesystemStore {
  override async putObject(object: ObjectInput): Promise<{ size: number; md5: string }> {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object')
    await mkdir(dirname(objectPath), { recursive: true })
    const md5 = createHash('md5')
    let size = 0
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk)
        size += chunk.length
        done(null, chunk)
      },
    })
    const body = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content
    await replaceFile(
      objectPath,
      (temporary) => pipeline(body, measure, createWriteStream(temporary)),
      () =>
        // A stale checksum must not outlive its object: s3rver recomputes a missing one.
        rm(this.getResourcePath(object.bucket, object.key, 'object.md5'), { force: true }),
    )
    const digest = md5.digest('hex')
    await this.putMetadata(object.bucket, object.key, object.metadata, digest)
    return { size, md5: digest }
  }

  override async putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void> {
    const kept = Object.fromEntries(Object.entries(metadata).filter(([name]) => ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')))
    if (md5) await writeAtomically(this.getResourcePath(bucket, key, 'object.md5'), md5)
    await writeAtomically(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(kept, null, 2))
  }

  override async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata?: Record<string, string>,
  ): Promise<Record<string, string | number>> {
    const source = (resource: string) => this.getResourcePath(srcBucket, srcKey, resource)
    const target = (resource: string) => this.getResourcePath(destBucket, destKey, resource)
    if (source('object') !== target('object')) {
      await mkdir(dirname(target('object')), { recursive: true })
      await replaceFile(
        target('object'),
        (temporary) => pipeline(createReadStream(source('object')), createWriteStream(temporary)),
        () => rm(target('object.md5'), { force: true }),
      )
      if (!replacementMetadata) {
        await copyIfPresent(source('object.md5'), target('object.md5'))
        await copyIfPresent(source('metadata.json'), target('metadata.json'))
      }
    }
    if (replacementMetadata) await this.putMetadata(destBucket, destKey, replacementMetadata)
    return this.getMetadata(destBucket, destKey)
  }
}

/** Writes `path` whole through a temporary file beside it; `beforeSwap` runs once the new content is complete. */
async function replaceFile(path: string, write: (temporary: string) => Promise<void>, beforeSwap: () => Promise<void> = async () => {}): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`
  try {
    await write(temporary)
    await beforeSwap()
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

const writeAtomically = (path: string, content: string) => replaceFile(path, (temporary) => writeFile(temporary, content))

async function copyIfPresent(from: string, to: string): Promise<void> {
  let content: Buffer
  try {
    content = await readFile(from)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  await replaceFile(to, (temporary) => writeFile(temporary, content))
}
