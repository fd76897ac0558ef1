import { CopyObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { LakeObject, LakeStore } from './LakeStore.js'

/**
 * {@link LakeStore} over one S3 bucket (s3rver locally: give the client `forcePathStyle: true`).
 *
 * @example
 * ```ts
 * const store = new S3LakeStore(new S3Client({}), 'sdp-lake')
 * ```
 */
export class S3LakeStore implements LakeStore {
  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    readonly bucket: string,
  ) {}

  async list(prefix: string): Promise<LakeObject[]> {
    // ListObjects (v1) paged by Marker: s3rver's ListObjectsV2 fails on any truncated page (its
    // continuation token uses DES, which Node's OpenSSL 3 refuses), so a partition of more than
    // 1,000 objects could not be listed locally. S3 pages v1 the same way.
    const out: LakeObject[] = []
    let marker: string | undefined
    for (;;) {
      const page = await this.s3.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: prefix, Marker: marker }))
      const contents = page.Contents ?? []
      for (const o of contents) {
        if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 })
      }
      const last = contents.at(-1)?.Key
      if (!page.IsTruncated || last === undefined) break
      marker = page.NextMarker ?? last
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array()
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined
      throw error
    }
  }

  async put(key: string, body: Uint8Array | string, contentType = 'application/octet-stream'): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }))
  }

  async copy(from: string, to: string): Promise<void> {
    const source = `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`
    await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source }))
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000)
      await this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }))
    }
  }
}
