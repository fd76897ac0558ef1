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
  }
  export = S3rver
}
