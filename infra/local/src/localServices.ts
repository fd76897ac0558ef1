import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import dynalite from 'dynalite'
import kinesalite from 'kinesalite'
import S3rver from 's3rver'
import { LOCAL_HOST, LOCAL_RESOURCE_TRANSITION_MS } from './constants.js'
import { installKinesaliteFastPaths } from './_internal/kinesaliteFastPaths.js'
import { lockDataDir } from './_internal/lockDataDir.js'
import { settleInterruptedTransitions } from './_internal/settleInterruptedTransitions.js'
import { waitForQuiescence } from './_internal/waitForQuiescence.js'
import { ensureResources, type ResourceSpec } from './ensureResources.js'
import { createLocalClients, type LocalClients, type LocalServiceEndpoints } from './localClients.js'

/** Options of {@link startLocalServices}. */
export interface LocalServicesOptions {
  /** Root of the on-disk state: `<dataDir>/kinesis`, `<dataDir>/dynamodb`, `<dataDir>/s3`. */
  readonly dataDir: string
  /**
   * Keep Kinesis and DynamoDB in memory and put S3 objects in a temporary directory that is
   * removed on close. @default false
   */
  readonly inMemory?: boolean
}

/** Running local services with ready-made clients. */
export interface LocalServices extends LocalClients {
  /** Base URLs (free ports on 127.0.0.1). */
  readonly endpoints: LocalServiceEndpoints
  /**
   * Streams/tables a crash had left CREATING or UPDATING on disk and that were marked ACTIVE
   * before starting (empty for a clean store).
   */
  readonly settled: ReadonlyArray<string>
  /** Directory s3rver stores buckets in: objects are `<s3Directory>/<bucket>/<key>._S3rver_object`. */
  readonly s3Directory: string
  /** Creates the stream, tables and buckets that are missing and waits until they are ACTIVE. */
  ensureResources(spec: ResourceSpec): Promise<void>
  /** Destroys the clients, then stops the three servers (closing their stores). Idempotent. */
  close(): Promise<void>
}

/**
 * Starts kinesalite, dynalite and s3rver in this process, each on a free port of 127.0.0.1,
 * persisting under `dataDir` unless `inMemory`. Only one platform may use a `dataDir` at a time
 * (LevelDB locks its stores); a second one is refused with a `ConfigError`.
 *
 * @param options - where state lives
 * @returns endpoints, SDK v3 clients and `close()`
 * @example
 * const services = await startLocalServices({ dataDir: './.sdp-data' })
 * await services.ensureResources({ streamName: 'sdp-events', shardCount: 2 })
 * await services.close()
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const dataDir = resolve(options.dataDir)
  const inMemory = options.inMemory ?? false
  const closers: Array<() => Promise<void>> = []
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close()
  }
  try {
    if (!inMemory) {
      const unlock = await lockDataDir(dataDir)
      closers.push(unlock)
      await mkdir(join(dataDir, 'kinesis'), { recursive: true })
      await mkdir(join(dataDir, 'dynamodb'), { recursive: true })
    }
    const settled = inMemory
      ? []
      : await settleInterruptedTransitions({
        kinesis: join(dataDir, 'kinesis'),
        dynamodb: join(dataDir, 'dynamodb'),
      })
    const transitions = LOCAL_RESOURCE_TRANSITION_MS
    installKinesaliteFastPaths()
    const kinesisServer = kinesalite({
      ...(inMemory ? {} : { path: join(dataDir, 'kinesis') }),
      createStreamMs: transitions,
      deleteStreamMs: transitions,
      updateStreamMs: transitions,
      shardLimit: 100,
    })
    const kinesisPort = await listen(kinesisServer)
    closers.push(() => closeServer(kinesisServer))

    const dynamoServer = dynalite({
      ...(inMemory ? {} : { path: join(dataDir, 'dynamodb') }),
      createTableMs: transitions,
      deleteTableMs: transitions,
      updateTableMs: transitions,
    })
    const dynamoPort = await listen(dynamoServer)
    closers.push(() => closeServer(dynamoServer))

    const s3Directory = inMemory
      ? await mkdtemp(join(tmpdir(), 'sdp-s3-'))
      : join(dataDir, 's3')
    await mkdir(s3Directory, { recursive: true })
    if (inMemory) closers.push(() => rm(s3Directory, { recursive: true, force: true }))
    const s3 = new S3rver({
      address: LOCAL_HOST,
      port: 0,
      silent: true,
      directory: s3Directory,
      vhostBuckets: false,
    })
    const s3Address = await s3.run()
    closers.push(async () => {
      const closed = s3.close()
      s3.httpServer?.closeAllConnections()
      await closed
    })

    const endpoints: LocalServiceEndpoints = {
      kinesis: `http://${LOCAL_HOST}:${kinesisPort}`,
      dynamodb: `http://${LOCAL_HOST}:${dynamoPort}`,
      s3: `http://${LOCAL_HOST}:${s3Address.port}`,
    }
    const clients = createLocalClients(endpoints)
    closers.push(async () => {
      // kinesalite/dynalite finish CREATING/UPDATING in a timer that writes to their store;
      // closing the store under it can crash the process (leveldown segfaults).
      await waitForQuiescence(clients)
      clients.kinesis.destroy()
      clients.dynamodb.destroy()
      clients.s3.destroy()
    })

    let closing: Promise<void> | undefined
    return {
      ...clients,
      endpoints,
      settled,
      s3Directory,
      ensureResources: (spec) => ensureResources(clients, spec),
      close: () => (closing ??= closeAll()),
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

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
