/** Minimal typings for dynalite 4 (an in-process DynamoDB API server; ships no types). */
declare module 'dynalite' {
  import type { Server } from 'node:http'

  /** Options of the dynalite factory (all optional). */
  interface DynaliteOptions {
    /** LevelDB directory (locked by the opening process); omit for an in-memory store. */
    path?: string
    /** Time a table stays CREATING (default 500). */
    createTableMs?: number
    /** Time a table stays DELETING (default 500). */
    deleteTableMs?: number
    /** Time a table stays UPDATING (default 500). */
    updateTableMs?: number
    /** Maximum item size in KB (default 400). */
    maxItemSizeKb?: number
    verbose?: boolean
    debug?: boolean
    ssl?: boolean
  }

  /** Builds an HTTP server that speaks the DynamoDB API; `close()` also closes its store. */
  function dynalite(options?: DynaliteOptions): Server
  export = dynalite
}

/** dynalite's LevelDB store module, used only to settle transitions a crash interrupted. */
declare module 'dynalite/db/index.js' {
  interface DynaliteStore {
    db: {
      iterator(options: { gte: string; lt: string }): AsyncIterable<[string, Record<string, unknown>]>
      put(key: string, value: unknown): Promise<void>
      close(): Promise<void>
    }
  }
  export function create(options: { path?: string }): DynaliteStore
}
