import { join } from 'node:path'
import { DescribeStreamSummaryCommand, type Shard } from '@aws-sdk/client-kinesis'
import { setTimeout as sleep } from 'node:timers/promises'
import { ignoreAbort } from '@sdp/service-kit'
import { LOCAL_REGION } from '../constants.js'
import { EventSourceMappingOptionsError } from '../errors.js'
import { consoleLogger, type Logger } from '../logger.js'
import { CheckpointStore } from './CheckpointStore.js'
import { ESM_DEFAULTS, ESM_LIMITS, LOCAL_ACCOUNT_ID } from './constants.js'
import { HandlerInvoker } from './HandlerInvoker.js'
import { listAllShards } from '@sdp/stream-runtime'
import { ShardPoller, type MutableCounters } from './ShardPoller.js'
import { ShardReader } from './ShardReader.js'
import type { EventSourceMappingCounters, EventSourceMappingOptions, EventSourceMappingView } from './types.js'

type Settings = Required<Omit<EventSourceMappingOptions, 'logger'>> & { readonly logger: Logger }

/**
 * A local emulator of Lambda's Kinesis event-source mapping with tumbling windows. It polls every
 * shard (children only after their parents are drained), delivers Lambda's exact event, carries
 * `state` within a window, makes one final invoke per window once the window's end has passed,
 * honours `batchItemFailures`, retries failures forever, and checkpoints durably after each
 * successful invocation so a restart resumes without loss.
 *
 * @example
 * const mapping = new EventSourceMapping({
 *   name: 'reporting', kinesis, streamName: 'sdp-events', dataDir: './.sdp-data',
 *   handlerFactory: () => async (event) => ({ state: event.state }),
 * })
 * await mapping.start()
 * // ...
 * await mapping.stop()
 */
export class EventSourceMapping implements EventSourceMappingView {
  private readonly settings: Settings
  private readonly checkpoints: CheckpointStore
  private readonly pollers = new Map<string, { poller: ShardPoller; done: Promise<void> }>()
  private readonly finished = new Set<string>()
  /** Shards whose poller crashed, with the time a new poller may start. */
  private readonly crashed = new Map<string, number>()
  private readonly tally: MutableCounters = { invocations: 0, finalInvocations: 0, failures: 0, records: 0 }
  private readonly abort = new AbortController()
  private phase: 'new' | 'running' | 'stopping' | 'stopped' = 'new'
  private discoveredOnce = false
  private streamArn = ''
  private discovery: Promise<void> | undefined
  private stopping: Promise<void> | undefined
  private wakeDiscovery: (() => void) | undefined

  /** Validates the options; nothing runs before `start()`. */
  public constructor(options: EventSourceMappingOptions) {
    this.settings = resolveSettings(options)
    this.checkpoints = new CheckpointStore(join(this.settings.dataDir, 'esm', this.settings.name))
  }

  /** The mapping's name. */
  public get name(): string {
    return this.settings.name
  }

  /** Folder of this mapping's per-shard checkpoint files. */
  public get checkpointDir(): string {
    return this.checkpoints.path
  }

  /**
   * True while running once shards have been listed and every shard that may be processed now
   * has a poller holding a shard iterator (children waiting for their parents need none); false
   * while a shard's poller is down after an error.
   */
  public get attached(): boolean {
    if (this.phase !== 'running' || !this.discoveredOnce || this.crashed.size > 0) return false
    for (const { poller } of this.pollers.values()) if (!poller.attached) return false
    return true
  }

  /** Totals since `start()`. */
  public get counters(): EventSourceMappingCounters {
    return { ...this.tally }
  }

  /**
   * The iterator-age equivalent: across shards, now minus the arrival time of the oldest record
   * read but not yet processed, or GetRecords' MillisBehindLatest when nothing is pending.
   */
  public lagMs(): number {
    const now = this.settings.clock()
    let lag = 0
    for (const { poller } of this.pollers.values()) lag = Math.max(lag, poller.lagMs(now))
    return lag
  }

  /** Looks up the stream, starts a poller per eligible shard and the shard-discovery loop. */
  public async start(): Promise<void> {
    if (this.phase !== 'new') throw new EventSourceMappingOptionsError('start() may be called only once')
    this.phase = 'running'
    const { StreamDescriptionSummary } = await this.settings.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: this.settings.streamName }))
    this.streamArn = StreamDescriptionSummary?.StreamARN ?? `arn:aws:kinesis:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stream/${this.settings.streamName}`
    await this.discover()
    this.discoveredOnce = true
    this.discovery = this.discoverForever()
  }

  /**
   * Stops gracefully: no new invocations; an invocation in flight completes and writes its
   * checkpoint. Idempotent.
   */
  public stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.phase = 'stopping'
      this.abort.abort()
      await this.discovery
      await Promise.all([...this.pollers.values()].map((p) => p.done))
      this.phase = 'stopped'
    })()
    return this.stopping
  }

  private async discoverForever(): Promise<void> {
    const { signal } = this.abort
    while (!signal.aborted) {
      await new Promise<void>((wake) => {
        this.wakeDiscovery = wake
        void sleep(this.settings.discoveryIntervalMs, undefined, { signal }).catch(ignoreAbort).then(wake)
      })
      if (signal.aborted) break
      try {
        await this.discover()
      } catch (error) {
        this.settings.logger.warn(`[${this.name}] ListShards failed; retrying`, { error })
      }
    }
  }

  /** Starts pollers for shards not yet processed whose parents are finished (or trimmed away). */
  private async discover(): Promise<void> {
    const shards = await listAllShards(this.settings.kinesis, this.settings.streamName)
    const listed = new Set(shards.map((s) => s.ShardId))
    const now = Date.now()
    for (const shard of shards) {
      const id = shard.ShardId
      if (id === undefined || this.finished.has(id) || this.pollers.has(id)) continue
      if ((this.crashed.get(id) ?? 0) > now) continue
      const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter((p): p is string => p !== undefined && listed.has(p))
      if (parents.every((p) => this.finished.has(p))) this.launch(id, shard)
    }
  }

  private launch(shardId: string, shard: Shard): void {
    if (this.abort.signal.aborted) return
    this.crashed.delete(shardId)
    const s = this.settings
    const { region, account } = parseArn(this.streamArn)
    const functionArn = `arn:aws:lambda:${region}:${account}:function:${s.name}`
    const poller = new ShardPoller({
      mappingName: s.name,
      source: {
        shardId,
        eventSourceArn: this.streamArn,
        region,
        invokeIdentityArn: `arn:aws:iam::${account}:role/${s.name}`,
      },
      reader: new ShardReader(s.kinesis, s.streamName, shardId, s.batchSize, s.clock),
      invoker: new HandlerInvoker({
        functionName: s.name,
        functionArn,
        factory: s.handlerFactory,
        freshContainers: s.freshContainers,
        deliverTwice: s.deliverTwice,
      }),
      checkpoints: this.checkpoints,
      windowMs: s.windowSeconds * 1000,
      batchSize: s.batchSize,
      pollIntervalMs: s.pollIntervalMs,
      retryBaseMs: s.retryBaseMs,
      retryMaxMs: s.retryMaxMs,
      clock: s.clock,
      logger: s.logger,
      counters: this.tally,
      signal: this.abort.signal,
    })
    const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(Boolean)
    const done = poller.run().then(
      (result) => {
        this.pollers.delete(shardId)
        if (result !== 'finished') return
        this.finished.add(shardId)
        s.logger.info(`[${s.name}] ${shardId}: closed shard fully processed`)
        this.wakeDiscovery?.()
      },
      (error: unknown) => {
        this.pollers.delete(shardId)
        this.crashed.set(shardId, Date.now() + s.retryMaxMs)
        s.logger.error(`[${s.name}] ${shardId}: poller stopped by an error; restarting from its checkpoint`, { error })
      },
    )
    this.pollers.set(shardId, { poller, done })
    s.logger.info(`[${s.name}] ${shardId}: polling`, parents.length > 0 ? { parents } : undefined)
  }
}

function parseArn(arn: string): { region: string; account: string } {
  const [, , , region, account] = arn.split(':')
  return { region: region || LOCAL_REGION, account: account || LOCAL_ACCOUNT_ID }
}

function resolveSettings(options: EventSourceMappingOptions): Settings {
  requireIdentity(options)
  const settings = withDefaults(options)
  requireLimits(settings)
  return settings
}

const fail = (rule: string): never => {
  throw new EventSourceMappingOptionsError(rule)
}

/** The mapping's name, handler factory and stream. */
function requireIdentity(options: EventSourceMappingOptions): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(options.name)) {
    fail(`name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, got '${options.name}'`)
  }
  if (typeof options.handlerFactory !== 'function') fail('handlerFactory must be a function')
  if (options.streamName === '') fail('streamName must not be empty')
}

function withDefaults(options: EventSourceMappingOptions): Settings {
  return {
    ...options,
    windowSeconds: options.windowSeconds ?? ESM_DEFAULTS.windowSeconds,
    batchSize: options.batchSize ?? ESM_DEFAULTS.batchSize,
    pollIntervalMs: options.pollIntervalMs ?? ESM_DEFAULTS.pollIntervalMs,
    discoveryIntervalMs: options.discoveryIntervalMs ?? ESM_DEFAULTS.discoveryIntervalMs,
    freshContainers: options.freshContainers ?? false,
    deliverTwice: options.deliverTwice ?? false,
    retryBaseMs: options.retryBaseMs ?? ESM_DEFAULTS.retryBaseMs,
    retryMaxMs: options.retryMaxMs ?? ESM_DEFAULTS.retryMaxMs,
    clock: options.clock ?? Date.now,
    logger: options.logger ?? consoleLogger,
  }
}

/** Lambda's limits on the window and batch size; intervals are finite and not negative. */
function requireLimits(settings: Settings): void {
  const { windowSeconds, batchSize } = settings
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > ESM_LIMITS.maxWindowSeconds) {
    fail(`windowSeconds must be an integer from 1 to ${ESM_LIMITS.maxWindowSeconds}, got ${windowSeconds}`)
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > ESM_LIMITS.maxBatchSize) {
    fail(`batchSize must be an integer from 1 to ${ESM_LIMITS.maxBatchSize}, got ${batchSize}`)
  }
  for (const key of ['pollIntervalMs', 'discoveryIntervalMs', 'retryBaseMs', 'retryMaxMs'] as const) {
    const value = settings[key]
    if (!Number.isFinite(value) || value < 0) fail(`${key} must be a finite number >= 0, got ${value}`)
  }
}
