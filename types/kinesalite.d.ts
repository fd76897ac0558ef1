/** Minimal typings for kinesalite 3 (an in-process Kinesis API server; ships no types). */
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  /** Options of the kinesalite factory (all optional). */
  interface KinesaliteOptions {
    /** LevelDB directory; omit for an in-memory store. */
    path?: string;
    /** Time a stream stays CREATING (default 500). */
    createStreamMs?: number;
    /** Time a stream stays DELETING (default 500). */
    deleteStreamMs?: number;
    /** Time a stream stays UPDATING after SplitShard/MergeShards (default 500). */
    updateStreamMs?: number;
    /** Open-shard limit across streams (default 10). */
    shardLimit?: number;
    ssl?: boolean;
  }

  /** Builds an HTTP server that speaks the Kinesis API; `close()` also closes its store. */
  function kinesalite(options?: KinesaliteOptions): Server;
  export = kinesalite;
}

/** kinesalite's LevelDB store module, used only to settle transitions a crash interrupted. */
declare module 'kinesalite/db/index.js' {
  import type { Readable } from 'node:stream';

  interface SubLevel {
    createReadStream(): Readable;
    put(key: string, value: unknown, callback: (error?: Error | null) => void): void;
    del(key: string, callback: (error?: Error | null) => void): void;
  }
  interface KinesaliteStore {
    metaDb: SubLevel;
    db: { close(callback: (error?: Error | null) => void): void };
  }
  export function create(options: { path?: string }): KinesaliteStore;
}
