import { resolve } from 'node:path'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import { startHeartbeatTicker, type HeartbeatTicker } from '@sdp/stream-runtime'
import { envFlag } from './config.js'
import { PLATFORM_DEFAULTS } from './constants.js'
import { ConfigError } from './errors.js'
import { EventSourceMapping } from './eventSourceMapping/EventSourceMapping.js'
import type { WindowHandler } from './eventSourceMapping/types.js'
import { startHttpServer, type LocalHttpServer, type RouteDefinition } from './httpServer.js'
import { startLocalServices, type LocalServices } from './localServices.js'
import { consoleLogger, type Logger } from './logger.js'

/** What consumers and routes get to build their handlers from. */
export interface LocalPlatformContext {
  /** Local services with ready-made clients. */
  readonly services: LocalServices
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
  /** Stream consumers, each attached as its own event-source mapping. @default [] */
  readonly consumers?: ReadonlyArray<ConsumerDefinition>
  /** API Gateway routes, or a function building them from the context. @default [] */
  readonly routes?: ReadonlyArray<RouteDefinition> | ((context: LocalPlatformContext) => ReadonlyArray<RouteDefinition>)
  /** Tables and buckets to create before anything starts. @default none */
  readonly resources?: {
    readonly tables?: ReadonlyArray<CreateTableCommandInput>
    readonly buckets?: ReadonlyArray<string>
  }
  /** A new handler per invocation. @default process.env.SDP_FRESH_CONTAINERS === '1' */
  readonly freshContainers?: boolean
  /** Every event invoked twice, the second response kept. @default process.env.SDP_DELIVER_TWICE === '1' */
  readonly deliverTwice?: boolean
  /** GetRecords cadence of idle shards. @default 200 */
  readonly pollIntervalMs?: number
  /** @default consoleLogger */
  readonly logger?: Logger
}

/** A running local platform. */
export interface LocalPlatform {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  readonly dataDir: string
  readonly streamName: string
  readonly services: LocalServices
  readonly mappings: ReadonlyArray<EventSourceMapping>
  /** True when every consumer is attached (what `/health` reports). */
  readonly ready: boolean
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
  const names = consumers.map((c) => c.name)
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) throw new ConfigError(`consumer names must be unique, '${duplicate}' appears twice`)

  let services: LocalServices | undefined
  let mappings: EventSourceMapping[] = []
  let server: LocalHttpServer | undefined
  let ticker: HeartbeatTicker | undefined
  let closing: Promise<void> | undefined
  // Shutdown order: consumers, ticker, HTTP server, services. Each step runs even if one fails.
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const steps: Array<() => Promise<void> | undefined> = [
        async () => {
          await Promise.all(mappings.map((m) => m.stop()))
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
  try {
    services = await startLocalServices({ dataDir, ...(config.inMemory ? { inMemory: true } : {}) })
    for (const settled of services.settled) logger.warn(`settled a transition interrupted by a crash: ${settled}`)
    await services.ensureResources({
      streamName,
      shardCount: config.shardCount ?? PLATFORM_DEFAULTS.shardCount,
      tables: config.resources?.tables ?? [],
      buckets: config.resources?.buckets ?? [],
    })
    const context: LocalPlatformContext = { services, streamName, windowSeconds: config.windowSeconds, dataDir, logger }
    const clients = services
    mappings = consumers.map(
      (consumer) =>
        new EventSourceMapping({
          name: consumer.name,
          kinesis: clients.kinesis,
          streamName,
          dataDir,
          windowSeconds: config.windowSeconds,
          handlerFactory: () => consumer.handlerFactory(context),
          freshContainers: config.freshContainers ?? envFlag(process.env, 'SDP_FRESH_CONTAINERS'),
          deliverTwice: config.deliverTwice ?? envFlag(process.env, 'SDP_DELIVER_TWICE'),
          logger,
          ...(consumer.batchSize === undefined ? {} : { batchSize: consumer.batchSize }),
          ...(config.pollIntervalMs === undefined ? {} : { pollIntervalMs: config.pollIntervalMs }),
        }),
    )
    const isReady = (): boolean => mappings.every((m) => m.attached)
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
      }),
    })
    for (const mapping of mappings) await mapping.start()
    ticker = startHeartbeatTicker({
      kinesis: clients.kinesis,
      streamName,
      intervalMs: config.heartbeatIntervalMs ?? PLATFORM_DEFAULTS.heartbeatIntervalMs,
      onError: (error) => logger.warn('heartbeat tick failed', { error }),
    })

    return {
      url: server.url,
      port: server.port,
      dataDir,
      streamName,
      services: clients,
      mappings,
      get ready() {
        return isReady()
      },
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}
