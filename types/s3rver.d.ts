/** Minimal typings for s3rver 3 (an in-process S3 API server; ships no types). */
declare module 's3rver' {
  import type { AddressInfo } from 'node:net'
  import type { Server } from 'node:http'

  /** Options of the S3rver constructor (all optional). */
  interface S3rverOptions {
    /** Bind address (default 'localhost'). */
    address?: string
    /** Port; 0 picks a free one (default 4568). */
    port?: number
    /** Suppress request logging (default false). */
    silent?: boolean
    /** Directory that holds buckets and objects. */
    directory?: string
    /** Delete all buckets when the server closes (default false). */
    resetOnClose?: boolean
    /** Accept requests whose signature does not match (default false). */
    allowMismatchedSignatures?: boolean
    /** Serve virtual-host style bucket addressing (default true). */
    vhostBuckets?: boolean
    /** Buckets to create before listening. */
    configureBuckets?: ReadonlyArray<{ name: string; configs?: ReadonlyArray<string | Buffer> }>
  }

  /** A Koa application serving the S3 API from a directory. */
  class S3rver {
    constructor(options?: S3rverOptions)
    /** Creates the configured buckets and listens; resolves with the bound address. */
    run(): Promise<AddressInfo>
    /** Closes the HTTP server. */
    close(): Promise<void>
    /** The listening server once `run()` resolved. */
    httpServer?: Server
    /** Where objects are kept (a `FilesystemStore` of `directory`); the controllers use `context.store`. */
    store: object
    /** Koa's prototype of every request's context. */
    context: { store: object }
  }
  export = S3rver
}

/** s3rver's file store (CommonJS): the methods the platform's crash-safe store replaces or calls. */
declare module 's3rver/lib/stores/filesystem.js' {
  import type { Readable } from 'node:stream'

  /** An object as s3rver's controllers hand it to the store: the request body as a stream (or bytes) and the request headers. */
  interface StoredObjectInput {
    bucket: string
    key: string
    content: Readable | Buffer
    metadata: Record<string, string>
  }

  class FilesystemStore {
    constructor(rootDirectory: string)
    /** `<root>/<bucket>/<key>._S3rver_<resource>`: `object`, `object.md5`, `metadata.json`. */
    getResourcePath(bucket: string, key?: string, resource?: string): string
    getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>
    putObject(object: StoredObjectInput): Promise<{ size: number; md5: string }>
    putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>
    copyObject(
      srcBucket: string,
      srcKey: string,
      destBucket: string,
      destKey: string,
      replacementMetadata?: Record<string, string>,
    ): Promise<Record<string, string | number>>
  }
  export = FilesystemStore
}

/** s3rver's object model (CommonJS): which request headers it keeps as an object's metadata. */
declare module 's3rver/lib/models/object.js' {
  const S3Object: {
    /** The request headers kept as an object's metadata (besides `x-amz-meta-*`). */
    readonly ALLOWED_METADATA: readonly string[]
  }
  export = S3Object
}
