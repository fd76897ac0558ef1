import { resolve } from 'node:path'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import { startHeartbeatTicker } from '@sdp/stream-runtime'
import { flag, readEnv } from '@sdp/service-kit'
import { PLATFORM_DEFAULTS } from './constants.js'
import type { ConsumerModule } from './ConsumerThread.js'
import { ConfigError, type ThreadCrashedError } from './errors.js'
import type { FaultProxyThread } from './faults/FaultProxyThread.js'
import { readFaultSpec, type FaultSpec } from './faults/FaultSpec.js'
import { writePlatformEndpoints } from './platformEndpoints.js'
import type { EventSourceMappingView, WindowHandler } from './eventSourceMapping/types.js'
import { startHttpServer, type RouteDefinition } from './httpServer.js'
import type { EventStreamRouteDefinition } from './eventStream.js'
import type { LocalServiceClients } from './localClients.js'
import { startLocalServices, type LocalServices } from './localServices.js'
import { consoleLogger, localTelemetry, type Logger } from './logger.js'
import { PlatformLifecycle } from './_internal/PlatformLifecycle.js'
import { startConsumers } from './_internal/startConsumers.js'

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
  /** Further counters of the consumer for `/health` (e.g. a job's dead letters). @default none */
  readonly stats?: () => Readonly<Record<string, number>>
}

/** A route of the platform's HTTP API. */
export type PlatformRoute = RouteDefinition | EventStreamRouteDefinition

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
  /** API Gateway routes (and local event-stream routes), or a function building them from the context. @default [] */
  readonly routes?: ReadonlyArray<PlatformRoute> | ((context: LocalPlatformContext) => ReadonlyArray<PlatformRoute>)
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
  checkConsumerNames(consumers)
  const lifecycle = new PlatformLifecycle(logger, config.onFatal)
  try {
    const faults = config.faults ?? readFaultSpec(process.env)
    const services = await startLocalServices({
      dataDir,
      onCrash: lifecycle.onCrash,
      retryLogger: localTelemetry('aws-sdk', logger).logger,
      ...(config.inMemory ? { inMemory: true } : {}),
      ...(faults === undefined ? {} : { faults }),
    })
    lifecycle.started('services', () => services.close())
    for (const settled of services.settled) logger.warn(`settled a transition interrupted by a crash: ${settled}`)
    await createResources(services, streamName, config)
    const context: LocalPlatformContext = { services, streamName, windowSeconds: config.windowSeconds, dataDir, logger }
    const settings = mappingSettings(config, streamName, dataDir)

    const health = consumerHealth()
    const server = await startHttpServer({
      port: config.port,
      routes: typeof config.routes === 'function' ? config.routes(context) : (config.routes ?? []),
      isReady: () => health.ready,
      logger,
      healthDetails: () => ({
        consumers: Object.fromEntries(health.mappings.map((m) => [m.name, { attached: m.attached, lagMs: m.lagMs(), ...m.counters, ...m.stats }])),
        ...config.healthExtras?.(health.mappings),
        ...(services.faults === undefined ? {} : { faults: { spec: services.faults.description, ...services.faults.counts } }),
      }),
    })
    lifecycle.started('server', () => server.close())

    const started = await startConsumers(consumers, context, settings, services.direct, lifecycle.onCrash)
    // A services thread may have died (and the platform closed) while the consumers started.
    if (lifecycle.crashed !== undefined) {
      await started.stop()
      throw lifecycle.crashed
    }
    lifecycle.started('consumers', () => started.stop())
    health.attach(started.mappings)

    const ticker = startHeartbeatTicker({
      kinesis: services.kinesis,
      streamName,
      intervalMs: config.heartbeatIntervalMs ?? PLATFORM_DEFAULTS.heartbeatIntervalMs,
      onError: (error) => logger.warn('heartbeat tick failed', { error }),
    })
    lifecycle.started('ticker', () => ticker.stop())
    // Tools such as `npm run sql` find the platform through its data directory.
    lifecycle.started('endpoints', await writePlatformEndpoints(dataDir, { url: server.url, streamName, ...services.endpoints }))

    const platform: LocalPlatform = {
      url: server.url,
      port: server.port,
      dataDir,
      streamName,
      services,
      mappings: started.mappings,
      get ready() {
        return health.ready
      },
      ...(services.faults === undefined ? {} : { faults: services.faults }),
      close: () => lifecycle.close(),
    }
    lifecycle.closeThrough(platform)
    return platform
  } catch (error) {
    await lifecycle.close()
    throw error
  }
}

function checkConsumerNames(consumers: ReadonlyArray<ConsumerDefinition> | ConsumerModule): void {
  const names = 'module' in consumers ? [] : consumers.map((c) => c.name)
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) throw new ConfigError(`consumer names must be unique, '${duplicate}' appears twice`)
}

/** The event stream, the further streams, tables and buckets, created if missing. */
async function createResources(services: LocalServices, streamName: string, config: LocalPlatformConfig): Promise<void> {
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
}

/** How every consumer's mapping runs. */
function mappingSettings(config: LocalPlatformConfig, streamName: string, dataDir: string) {
  return {
    streamName,
    dataDir,
    windowSeconds: config.windowSeconds,
    freshContainers: config.freshContainers ?? readEnv(process.env, { on: flag('SDP_FRESH_CONTAINERS') }).on,
    deliverTwice: config.deliverTwice ?? readEnv(process.env, { on: flag('SDP_DELIVER_TWICE') }).on,
    ...(config.pollIntervalMs === undefined ? {} : { pollIntervalMs: config.pollIntervalMs }),
  }
}

/** What `/health` reports: the HTTP API answers before the consumers exist, so their views come later. */
function consumerHealth() {
  let attached: ReadonlyArray<EventSourceMappingView> | undefined
  return {
    attach(mappings: ReadonlyArray<EventSourceMappingView>): void {
      attached = mappings
    },
    get mappings(): ReadonlyArray<EventSourceMappingView> {
      return attached ?? []
    },
    /** True once every consumer is attached. */
    get ready(): boolean {
      return attached !== undefined && attached.every((m) => m.attached)
    },
  }
}
