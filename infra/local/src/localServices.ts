import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ThreadCrashedError } from './errors.js'
import { lockDataDir } from './_internal/lockDataDir.js'
import { ServicesThread } from './_internal/ServicesThread.js'
import { settleInterruptedTransitions } from './_internal/settleInterruptedTransitions.js'
import { waitForQuiescence } from './_internal/waitForQuiescence.js'
import { ensureResources, type ResourceSpec } from './ensureResources.js'
import { FaultProxyThread } from './faults/FaultProxyThread.js'
import type { FaultSpec } from './faults/FaultSpec.js'
import type { RetryLogger } from '@sdp/service-kit'
import { createLocalClients, destroyLocalClients, type LocalClients, type LocalServiceClients, type LocalServiceEndpoints } from './localClients.js'

/** Options of {@link startLocalServices}. */
export interface LocalServicesOptions {
  /** Root of the on-disk state: `<dataDir>/kinesis`, `<dataDir>/dynamodb`, `<dataDir>/s3`. */
  readonly dataDir: string
  /**
   * Keep Kinesis and DynamoDB in memory and put S3 objects in a temporary directory that is
   * removed on close. @default false
   */
  readonly inMemory?: boolean
  /**
   * Called once if a services thread stops without `close()`: its servers are gone and every
   * request to them fails. @default rethrows the error as an uncaught exception
   */
  readonly onCrash?: (error: ThreadCrashedError) => void
  /**
   * Put a fault proxy in front of each service: `endpoints` and the clients then meet the faults
   * the spec asks for, `direct` does not. @default no faults
   */
  readonly faults?: FaultSpec
  /** Logs one line per call of the services' clients the SDK retried (see `logSdkRetries`). @default none */
  readonly retryLogger?: RetryLogger
}

/** Running local services with ready-made clients. */
export interface LocalServices extends LocalServiceClients {
  /**
   * Streams/tables a crash had left CREATING or UPDATING on disk and that were marked ACTIVE
   * before starting (empty for a clean store).
   */
  readonly settled: ReadonlyArray<string>
  /** The worker threads the servers run in, one each: kinesis, dynamodb and s3. */
  readonly threads: ReadonlyArray<ServicesThread>
  /**
   * Clients and endpoints that bypass the fault proxy, for the platform's own plumbing (creating
   * resources, the event-source mappings' reads); the same as the others without faults.
   */
  readonly direct: LocalClients & { readonly endpoints: LocalServiceEndpoints }
  /** The fault proxy, when `faults` was given. */
  readonly faults?: FaultProxyThread
  /** Creates the stream, tables and buckets that are missing and waits until they are ACTIVE. */
  ensureResources(spec: ResourceSpec): Promise<void>
  /** Destroys the clients, then stops the three servers (closing their stores) and their threads. Idempotent. */
  close(): Promise<void>
}

/**
 * Starts kinesalite, dynalite and s3rver in worker threads of this process, one each, on free
 * ports of 127.0.0.1, so their work never blocks the caller's event loop or one another's,
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
  const closers: Closers = []
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close()
  }
  try {
    const { settled, s3Directory } = await prepareStorage(dataDir, inMemory, closers)
    const onCrash =
      options.onCrash ??
      ((error) =>
        process.nextTick(() => {
          throw error
        }))
    const { threads, directEndpoints } = await startThreads({ dataDir, inMemory, s3Directory }, onCrash, closers)
    const { direct, faults, endpoints, clients } = await connectClients(directEndpoints, options, onCrash, closers)
    let closing: Promise<void> | undefined
    return {
      ...clients,
      endpoints,
      settled,
      s3Directory,
      threads,
      direct: { ...direct, endpoints: directEndpoints },
      ...(faults === undefined ? {} : { faults }),
      ensureResources: (spec) => ensureResources(direct, spec),
      close: () => (closing ??= closeAll()),
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

/** What to undo on close, in the order things were started (undone in reverse). */
type Closers = Array<() => Promise<void>>

type OnCrash = (error: ThreadCrashedError) => void

/**
 * Locks the data directory and settles what a crash left half-done (persistent stores), or makes
 * a temporary S3 directory removed on close (in memory).
 */
async function prepareStorage(dataDir: string, inMemory: boolean, closers: Closers): Promise<{ settled: string[]; s3Directory: string }> {
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
  const s3Directory = inMemory ? await mkdtemp(join(tmpdir(), 'sdp-s3-')) : join(dataDir, 's3')
  await mkdir(s3Directory, { recursive: true })
  if (inMemory) closers.push(() => rm(s3Directory, { recursive: true, force: true }))
  return { settled, s3Directory }
}

/** Starts the three services' threads; if one fails to start, the others are closed with the rest. */
async function startThreads(
  storage: { readonly dataDir: string; readonly inMemory: boolean; readonly s3Directory: string },
  onCrash: OnCrash,
  closers: Closers,
): Promise<{ threads: ServicesThread[]; directEndpoints: LocalServiceEndpoints }> {
  const { dataDir, inMemory, s3Directory } = storage
  const started = await Promise.allSettled([
    ServicesThread.start('kinesis', { kinesis: inMemory ? {} : { path: join(dataDir, 'kinesis') } }, onCrash),
    // dynalite answers the report reads as well as stage 2's writes: a thread of its own at
    // normal priority, so the lake's and the state backend's large S3 bodies never hold a read up.
    ServicesThread.start('dynamodb', { dynamodb: inMemory ? {} : { path: join(dataDir, 'dynamodb') } }, onCrash),
    // s3rver mostly serves the consumers' writes: let kinesalite, on the ingest path, and the reads go first.
    ServicesThread.start('s3', { s3: { directory: s3Directory }, nice: 10 }, onCrash),
  ])
  const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  for (const thread of threads) closers.push(() => thread.close())
  for (const s of started) if (s.status === 'rejected') throw s.reason
  const [kinesisThread, dynamodbThread, s3Thread] = threads
  const directEndpoints: LocalServiceEndpoints = {
    kinesis: kinesisThread?.endpoints.kinesis ?? '',
    dynamodb: dynamodbThread?.endpoints.dynamodb ?? '',
    s3: s3Thread?.endpoints.s3 ?? '',
  }
  return { threads, directEndpoints }
}

/** The direct clients, and with `faults` the fault proxy and clients that go through it. */
async function connectClients(
  directEndpoints: LocalServiceEndpoints,
  options: Pick<LocalServicesOptions, 'faults' | 'retryLogger'>,
  onCrash: OnCrash,
  closers: Closers,
): Promise<{ direct: LocalClients; faults: FaultProxyThread | undefined; endpoints: LocalServiceEndpoints; clients: LocalClients }> {
  const direct = createLocalClients(directEndpoints, options.retryLogger)
  closers.push(async () => {
    // kinesalite/dynalite finish CREATING/UPDATING in a timer that writes to their store;
    // closing the store under it can crash the process (leveldown segfaults).
    await waitForQuiescence(direct)
    destroyLocalClients(direct)
  })
  const faults = options.faults === undefined ? undefined : await FaultProxyThread.start(directEndpoints, options.faults, onCrash)
  if (faults !== undefined) closers.push(() => faults.close())
  const endpoints = faults?.endpoints ?? directEndpoints
  const clients = faults === undefined ? direct : createLocalClients(endpoints, options.retryLogger)
  if (faults !== undefined) closers.push(() => Promise.resolve(destroyLocalClients(clients)))
  return { direct, faults, endpoints, clients }
}
