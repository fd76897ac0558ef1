/** An object of the lake as a listing shows it. */
export interface LakeObject {
  readonly key: string
  readonly size: number
  /** Epoch ms. */
  readonly lastModified: number
}

/** The little of an object store compaction needs: S3 on AWS, s3rver locally. */
export interface LakeStore {
  /** Every object under the prefix, sorted by key. */
  list(prefix: string): Promise<LakeObject[]>
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>
  /** A server-side copy. */
  copy(from: string, to: string): Promise<void>
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: readonly string[]): Promise<void>
}
