/** The little of an object store the runtime needs; S3 on AWS, s3rver locally. */
export interface ObjectStore {
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>
  /** Every key under the prefix, in lexicographic order. */
  list(prefix: string): Promise<string[]>
  delete(keys: readonly string[]): Promise<void>
}
