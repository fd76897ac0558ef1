import { resolve } from 'node:path'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import { startHeartbeatTicker, type HeartbeatTicker } from '@sdp/stream-runtime'
import { flag, readEnv } from '@sdp/service-kit'
import { PLATFORM_DEFAULTS } from './constants.js'
import { ConsumerThread, type ConsumerModule } from './ConsumerThread.js'
import { ConfigError, type ThreadCrashedError } from './errors.js'
import type { FaultProxyThread } from './faults/FaultProxyThread.js'
import { readFaultSpec, type FaultSpec } from './faults/FaultSpec.js'
import type { EventSourceMapping } from './eventSourceMapping/EventSourceMapping.js'
import type { EventSourceMappingView, WindowHandler } from './eventSourceMapping/types.js'
import { startHttpServer, type LocalHttpServer, type RouteDefinition } from './httpServer.js'
import type { LocalServiceClients } from './localClients.js'
import { startLocalServices, type LocalServices } from './localServices.js'
import { consoleLogger, type Logger } from './logger.js'
import { startMappings } from './_internal/startMappings.js'

/** What consumers and routes get to build their handlers from. */
export interface LocalPlatformContext {
  /** Clients of the local services, their endpoints and s3rver's directory. */
  readonly services: LocalServiceClients
  readonly streamName: string
  readonly windowSeconds: number
  /** Absolute data directory. */
  readonly dataDir: string
  readonly logger: Logger
}

/** A stream consumer: its own event-source mapping with its own checkpoints. */
export interface ConsumerDefinition {
  /** Mapping name (checkpoints under `<dataDir>/esm/<name>/`). */
  readonly name: string
  /**
   * Builds one handler instance (a "container"); called once per shard, or per invocation with
   * `freshContainers`. Build clients once outside and close over them.
   */
  readonly handlerFactory: (context: LocalPlatformContext) => WindowHandler | Promise<WindowHandler>
  /** Records per invocation. @default 10000 */
  readonly batchSize?: number
  /** The stream it consumes (one of `resources.streams`). @default the platform's event stream */
  readonly streamName?: string
}

/** Configuration of {@link startLocalPlatform}. */
export interface LocalPlatformConfig {
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number
  readonly dataDir: string
  /** Lambda tumbling window of every consumer, 1–900. */
  readonly windowSeconds: number
  /** Keep Kinesis/DynamoDB in memory and S3 in a temporary directory. @default false */
  readonly inMemory?: boolean
  /** @default 'sdp-events' */
  readonly streamName?: string
  /** Shards of a newly created stream. @default 2 */
  readonly shardCount?: number
  /** Heartbeat cadence. @default 1000 */
  readonly heartbeatIntervalMs?: number
  /**
   * Stream consumers, each attached as its own event-source mapping: definitions run in this
   * thread; a {@link ConsumerModule} runs in a worker thread of its own, so its handlers never
   * delay the HTTP API. @default []
   */
  readonly consumers?: ReadonlyArray<ConsumerDefinition> | ConsumerModule
  /** API Gateway routes, or a function building them from the context. @default [] */
  readonly routes?: ReadonlyArray<RouteDefinition> | ((context: LocalPlatformContext) => ReadonlyArray<RouteDefinition>)
  /** Further streams, tables and buckets to create before anything starts. @default none */
  readonly resources?: {
    /** Streams besides the event stream (e.g. a second stage's), with the shards of a new one. */
    readonly streams?: ReadonlyArray<{ readonly name: string; readonly shardCount: number }>
    readonly tables?: ReadonlyArray<CreateTableCommandInput>
    readonly buckets?: ReadonlyArray<string>
  }
  /** A new handler per invocation. @default process.env.SDP_FRESH_CONTAINERS === '1' */
  readonly freshContainers?: boolean
  /** Every event invoked twice, the second response kept. @default process.env.SDP_DELIVER_TWICE === '1' */
  readonly deliverTwice?: boolean
  /**
   * AWS-style faults at the local endpoints the handlers and routes use (the event-source
   * mappings read fault-free). @default read from `SDP_FAULTS` (none when unset)
   */
  readonly faults?: FaultSpec
  /** GetRecords cadence of idle shards. @default 200 */
  readonly pollIntervalMs?: number
  /** @default consoleLogger */
  readonly logger?: Logger
  /** Further `/health` fields from the consumers' views (e.g. a lag across two stages). @default none */
  readonly healthExtras?: (mappings: ReadonlyArray<EventSourceMappingView>) => Record<string, unknown>
  /**
   * Called once if a worker thread (local services, consumers) dies: the platform has already
   * been closed then, by the returned platform's `close` (so a wrapper of it ran too).
   * @default rethrows the error as an uncaught exception
   */
  readonly onFatal?: (error: ThreadCrashedError) => void
}

/** A running local platform. */
export interface LocalPlatform {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  readonly dataDir: string
  readonly streamName: string
  readonly services: LocalServices
  /** One per consumer (for a {@link ConsumerModule}, snapshots its thread posts every 100 ms). */
  readonly mappings: ReadonlyArray<EventSourceMappingView>
  /** True when every consumer is attached (what `/health` reports). */
  readonly ready: boolean
  /** The fault proxy and its counts, when faults are on (also under `faults` in `/health`). */
  readonly faults?: FaultProxyThread
  /** Stops the consumers, the heartbeat ticker, the HTTP server and the services, in that order. */
  close(): Promise<void>
}

/**
 * Starts the local embedded platform: the local AWS services, the stream (and any tables and
 * buckets), the HTTP API with `/health` (503 until every consumer is attached), one
 * event-source mapping per consumer, and the heartbeat ticker.
 *
 * @example
 * const platform = await startLocalPlatform({ port: 0, dataDir: './.sdp-data', windowSeconds: 5 })
 * console.log(platform.url)
 * await platform.close()
 */
export async function startLocalPlatform(config: LocalPlatformConfig): Promise<LocalPlatform> {
  const logger = config.logger ?? consoleLogger
  const dataDir = resolve(config.dataDir)
  const streamName = config.streamName ?? PLATFORM_DEFAULTS.streamName
  const consumers = config.consumers ?? []
  const names = 'module' in consumers ? [] : consumers.map((c) => c.name)
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) throw new ConfigError(`consumer names must be unique, '${duplicate}' appears twice`)

  let services: LocalServices | undefined
  let mappings: ReadonlyArray<EventSourceMappingView> = []
  let local: EventSourceMapping[] = []
  let thread: ConsumerThread | undefined
  let server: LocalHttpServer | undefined
  let ticker: HeartbeatTicker | undefined
  let closing: Promise<void> | undefined
  let platform: LocalPlatform | undefined
  // Shutdown order: consumers, ticker, HTTP server, services. Each step runs even if one fails.
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const steps: Array<() => Promise<void> | undefined> = [
        async () => {
          await Promise.all([...local.map((m) => m.stop()), thread?.stop()])
        },
        () => ticker?.stop(),
        () => server?.close(),
        () => services?.close(),
      ]
      for (const step of steps) {
        try {
          await step()
        } catch (error) {
          logger.error('shutdown step failed', { error })
        }
      }
    })())
  let fatal: ThreadCrashedError | undefined
  // A dead thread takes a service or the consumers with it: close everything, then say so.
  const onCrash = (error: ThreadCrashedError): void => {
    if (fatal !== undefined || closing !== undefined) return
    fatal = error
    logger.error(`${error.message}; closing the platform`)
    // Through the returned platform once there is one: a caller that wrapped its close (sdpPlatform
    // stops its compaction schedule first) closes what it added too.
    void (platform?.close() ?? close()).then(() => {
      if (config.onFatal) config.onFatal(error)
      else throw error
    })
  }
  try {
    const faults = config.faults ?? readFaultSpec(process.env)
    services = await startLocalServices({ dataDir, onCrash, ...(config.inMemory ? { inMemory: true } : {}), ...(faults === undefined ? {} : { faults }) })
    for (const settled of services.settled) logger.warn(`settled a transition interrupted by a crash: ${settled}`)
    const ensure = services.ensureResources.bind(services)
    await Promise.all([
      ensure({
        streamName,
        shardCount: config.shardCount ?? PLATFORM_DEFAULTS.shardCount,
        tables: config.resources?.tables ?? [],
        buckets: config.resources?.buckets ?? [],
      }),
      ...(config.resources?.streams ?? []).map((s) => ensure({ streamName: s.name, shardCount: s.shardCount })),
    ])
    const context: LocalPlatformContext = { services, streamName, windowSeconds: config.windowSeconds, dataDir, logger }
    const clients = services
    const mappingSettings = {
      streamName,
      dataDir,
      windowSeconds: config.windowSeconds,
      freshContainers: config.freshContainers ?? readEnv(process.env, { on: flag('SDP_FRESH_CONTAINERS') }).on,
      deliverTwice: config.deliverTwice ?? readEnv(process.env, { on: flag('SDP_DELIVER_TWICE') }).on,
      ...(config.pollIntervalMs === undefined ? {} : { pollIntervalMs: config.pollIntervalMs }),
    }
    let consumersStarted = false
    const isReady = (): boolean => consumersStarted && mappings.every((m) => m.attached)
    const routes = typeof config.routes === 'function' ? config.routes(context) : (config.routes ?? [])
    server = await startHttpServer({
      port: config.port,
      routes,
      isReady,
      logger,
      healthDetails: () => ({
        consumers: Object.fromEntries(
          mappings.map((m) => [m.name, { attached: m.attached, lagMs: m.lagMs(), ...m.counters }]),
        ),
        ...config.healthExtras?.(mappings),
        ...(clients.faults === undefined ? {} : { faults: { spec: clients.faults.description, ...clients.faults.counts } }),
      }),
    })
    if ('module' in consumers) {
      const { endpoints, s3Directory } = clients
      const settings = { endpoints, directEndpoints: clients.direct.endpoints, s3Directory, streamName, windowSeconds: config.windowSeconds, dataDir, mappings: mappingSettings }
      const started = await ConsumerThread.start(consumers, settings, logger, onCrash)
      // A services thread may have died (and the platform closed) while the consumers started.
      if (fatal !== undefined) await started.stop()
      else thread = started
      mappings = started.mappings
    } else {
      local = await startMappings(consumers, context, { ...mappingSettings, kinesis: clients.direct.kinesis, logger })
      mappings = local
    }
    if (fatal !== undefined) throw fatal
    consumersStarted = true
    ticker = startHeartbeatTicker({
      kinesis: clients.kinesis,
      streamName,
      intervalMs: config.heartbeatIntervalMs ?? PLATFORM_DEFAULTS.heartbeatIntervalMs,
      onError: (error) => logger.warn('heartbeat tick failed', { error }),
    })

    platform = {
      url: server.url,
      port: server.port,
      dataDir,
      streamName,
      services: clients,
      mappings,
      get ready() {
        return isReady()
      },
      ...(clients.faults === undefined ? {} : { faults: clients.faults }),
      close,
    }
    return platform
  } catch (error) {
    await close()
    throw error
  }
}
