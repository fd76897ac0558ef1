import type { S3Client } from '@aws-sdk/client-s3'
import { S3LakeStore } from '@sdp/catalog/lake'
import type { ObjectStore } from './ObjectStore.js'

/** {@link ObjectStore} over one S3 bucket: the lake's own S3 adapter, listing keys only. */
export class S3ObjectStore implements ObjectStore {
  private readonly lake: S3LakeStore

  constructor(
    s3: S3Client,
    readonly bucket: string,
  ) {
    this.lake = new S3LakeStore(s3, bucket)
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.lake.get(key)
  }

  put(key: string, body: Uint8Array | string, contentType = 'application/json'): Promise<void> {
    return this.lake.put(key, body, contentType)
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.lake.list(prefix)).map((o) => o.key)
  }

  delete(keys: readonly string[]): Promise<void> {
    return this.lake.delete(keys)
  }
}
