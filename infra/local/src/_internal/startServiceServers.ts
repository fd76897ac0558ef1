import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'
import kinesalite from 'kinesalite'
import { LOCAL_HOST, LOCAL_RESOURCE_TRANSITION_MS } from '../constants.js'
import type { LocalServiceEndpoints } from '../localClients.js'
import { createS3rver } from './createS3rver.js'
import { installKinesaliteFastPaths } from './kinesaliteFastPaths.js'

/** Which servers to start and where they keep their data. */
export interface ServiceServersOptions {
  /** kinesalite; `path` is its LevelDB directory, none for memory. */
  readonly kinesis?: { readonly path?: string }
  /** dynalite; `path` is its LevelDB directory, none for memory. */
  readonly dynamodb?: { readonly path?: string }
  /** s3rver; objects are plain files under `directory`, each PUT all-or-nothing. */
  readonly s3?: { readonly directory: string }
}

/** Running servers: the base URL of each one started. */
export interface ServiceServers {
  readonly endpoints: Partial<LocalServiceEndpoints>
  /** Stops the servers in reverse start order, closing their stores. */
  close(): Promise<void>
}

/**
 * Starts the chosen local AWS servers in the calling thread, each on a free port of 127.0.0.1.
 * If one fails to start, those already started are closed again.
 */
export async function startServiceServers(options: ServiceServersOptions): Promise<ServiceServers> {
  const closers: Array<() => Promise<void>> = []
  const close = async (): Promise<void> => {
    for (const stop of closers.splice(0).reverse()) await stop()
  }
  // Filled in as each server listens (Partial<LocalServiceEndpoints> itself is readonly).
  const endpoints: Partial<Record<keyof LocalServiceEndpoints, string>> = {}
  const transitions = LOCAL_RESOURCE_TRANSITION_MS
  try {
    if (options.kinesis) {
      installKinesaliteFastPaths()
      const server = kinesalite({
        ...options.kinesis,
        createStreamMs: transitions,
        deleteStreamMs: transitions,
        updateStreamMs: transitions,
        shardLimit: 100,
      })
      endpoints.kinesis = url(await listen(server))
      closers.push(() => closeServer(server))
    }
    if (options.dynamodb) {
      const server = dynalite({
        ...options.dynamodb,
        createTableMs: transitions,
        deleteTableMs: transitions,
        updateTableMs: transitions,
      })
      endpoints.dynamodb = url(await listen(server))
      closers.push(() => closeServer(server))
    }
    if (options.s3) {
      const s3 = createS3rver(options.s3.directory)
      endpoints.s3 = url((await s3.run()).port)
      closers.push(async () => {
        const closed = s3.close()
        s3.httpServer?.closeAllConnections()
        await closed
      })
    }
    return { endpoints, close }
  } catch (error) {
    await close()
    throw error
  }
}

const url = (port: number): string => `http://${LOCAL_HOST}:${port}`

function listen(server: Server): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject)
    server.listen(0, LOCAL_HOST, () => {
      server.off('error', reject)
      resolvePort((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose, reject) => {
    // kinesalite/dynalite close their store first, then the HTTP server.
    server.close((error?: Error) => (error ? reject(error) : resolveClose()))
    // Keep-alive sockets of destroyed clients must not hold the close open.
    server.closeAllConnections()
  })
}
