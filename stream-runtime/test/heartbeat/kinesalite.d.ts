/** Minimal typings for kinesalite 3 (ships none), for the heartbeat integration tests. */
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  function kinesalite(options?: {
    path?: string;
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
  }): Server;
  export = kinesalite;
}
