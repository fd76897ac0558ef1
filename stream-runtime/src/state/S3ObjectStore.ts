import { DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ObjectStore } from './ObjectStore.js'

/** {@link ObjectStore} over one S3 bucket. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array()
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined
      throw error
    }
  }

  async put(key: string, body: Uint8Array | string, contentType = 'application/json'): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }))
  }

  async list(prefix: string): Promise<string[]> {
    // ListObjects (v1) paged by Marker: s3rver's V2 continuation token uses DES, which Node's
    // OpenSSL 3 refuses, so any truncated V2 page fails locally. S3 pages v1 the same way.
    const keys: string[] = []
    let marker: string | undefined
    for (;;) {
      const page = await this.s3.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: prefix, Marker: marker }))
      const contents = page.Contents ?? []
      for (const o of contents) if (o.Key) keys.push(o.Key)
      const last = contents.at(-1)?.Key
      if (!page.IsTruncated || last === undefined) break
      marker = page.NextMarker ?? last
    }
    return keys.sort()
  }

  async delete(keys: readonly string[]): Promise<void> {
    // DeleteObjects takes at most 1,000 keys per call
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000)
      await this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }))
    }
  }
}
