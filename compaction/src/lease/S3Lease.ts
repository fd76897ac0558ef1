import { randomUUID } from 'node:crypto'
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Lease, LeaseToken } from './Lease.js'

const isPreconditionFailed = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.name === 'PreconditionFailed' || e.$metadata?.httpStatusCode === 412 || e.$metadata?.httpStatusCode === 409
}

/**
 * The AWS {@link Lease}: one object per name under `prefix` in the lake bucket, taken with S3
 * conditional writes — `If-None-Match: *` to create, `If-Match: <etag>` to take over an expired
 * lease — so exactly one taker wins. (s3rver has no conditional writes: locally use `FileLease`.)
 */
export class S3Lease implements Lease {
  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    private readonly bucket: string,
    private readonly prefix = '_leases/compaction/',
    private readonly now: () => number = Date.now,
  ) {}

  private key(name: string): string {
    return `${this.prefix}${name}.json`
  }

  async acquire(name: string, ttlMs: number): Promise<LeaseToken | undefined> {
    const token: LeaseToken = { name, owner: randomUUID(), expiresAt: this.now() + ttlMs }
    const body = JSON.stringify(token)
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(name), Body: body, IfNoneMatch: '*' }))
      return token
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error
    }
    const held = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(name) })).catch(() => undefined)
    if (held === undefined) return undefined
    const current = JSON.parse((await held.Body?.transformToString()) ?? '{}') as Partial<LeaseToken>
    if ((current.expiresAt ?? 0) > this.now() || held.ETag === undefined) return undefined
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(name), Body: body, IfMatch: held.ETag }))
      return token
    } catch (error) {
      if (isPreconditionFailed(error)) return undefined
      throw error
    }
  }

  async release(token: LeaseToken): Promise<void> {
    const held = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(token.name) })).catch(() => undefined)
    if (held === undefined) return
    const current = JSON.parse((await held.Body?.transformToString()) ?? '{}') as Partial<LeaseToken>
    if (current.owner === token.owner) await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(token.name) }))
  }
}
