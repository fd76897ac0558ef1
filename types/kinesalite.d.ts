/** Minimal typings for kinesalite 3 (an in-process Kinesis API server; ships no types). */
declare module 'kinesalite' {
  import type { Server } from 'node:http'

  /** Options of the kinesalite factory (all optional). */
  interface KinesaliteOptions {
    /** LevelDB directory; omit for an in-memory store. */
    path?: string
    /** Time a stream stays CREATING (default 500). */
    createStreamMs?: number
    /** Time a stream stays DELETING (default 500). */
    deleteStreamMs?: number
    /** Time a stream stays UPDATING after SplitShard/MergeShards (default 500). */
    updateStreamMs?: number
    /** Open-shard limit across streams (default 10). */
    shardLimit?: number
    ssl?: boolean
  }

  /** Builds an HTTP server that speaks the Kinesis API; `close()` also closes its store. */
  function kinesalite(options?: KinesaliteOptions): Server
  export = kinesalite
}

/**
 * kinesalite's LevelDB store module: used to settle transitions a crash interrupted, and for its
 * sequence-number helpers (replaced by native BigInt versions in infra/local).
 */
declare module 'kinesalite/db/index.js' {
  import type { Readable } from 'node:stream'

  interface SubLevel {
    createReadStream(): Readable
    put(key: string, value: unknown, callback: (error?: Error | null) => void): void
    del(key: string, callback: (error?: Error | null) => void): void
  }
  interface KinesaliteStore {
    metaDb: SubLevel
    db: { close(callback: (error?: Error | null) => void): void }
  }
  export function create(options: { path?: string }): KinesaliteStore

  /** The fields a sequence number encodes (`seqIx` is a decimal string in version 2). */
  interface SequenceParts {
    shardCreateTime: number
    shardIx: number
    seqIx?: string | number
    seqTime?: number
    byte1?: string
    seqRand?: string
    version: number | null
  }
  /** Decodes a decimal sequence number; throws for one it cannot read. */
  export function parseSequence(seq: string): SequenceParts
  /** Encodes the fields as a decimal sequence number (version 2 unless `version` says otherwise). */
  export function stringifySequence(parts: Partial<SequenceParts> & { shardCreateTime: number }): string
  /** MD5 of the partition key as a 128-bit integer (a bignumber.js value). */
  export function partitionKeyToHashKey(partitionKey: string): { comparedTo(other: string | number): number | null }
}
