import type { Worker } from 'node:worker_threads'
import type { ThreadCrashedError } from './errors.js'
import type { EventSourceMappingCounters, EventSourceMappingView } from './eventSourceMapping/types.js'
import type { LocalServiceEndpoints } from './localClients.js'
import type { LogFields, Logger } from './logger.js'
import type { MappingSettings } from './_internal/startMappings.js'
import { requestShutdown, siblingModule, startWorker, watchWorkerExit } from './_internal/startWorker.js'

/**
 * Consumers to run in a thread of their own: a module whose named export takes `options` and
 * returns the `ConsumerDefinition`s (handler factories cannot cross threads, a module can).
 */
export interface ConsumerModule {
  /** The module, e.g. `new URL('./myConsumers.js', import.meta.url)`. */
  readonly module: URL
  /** @default 'consumers' */
  readonly exportName?: string
  /** Passed to the export; must survive `structuredClone`. @default undefined */
  readonly options?: unknown
}

/** A mapping's status as the consumer thread reports it. */
export interface MappingStatus {
  readonly name: string
  readonly attached: boolean
  readonly lagMs: number
  readonly counters: EventSourceMappingCounters
  readonly stats?: Readonly<Record<string, number>>
}

/** What the consumer thread is started with. */
export interface ConsumerThreadData {
  readonly module: string
  readonly exportName: string
  readonly options: unknown
  readonly endpoints: LocalServiceEndpoints
  /** Endpoints without the fault proxy, for the mappings' reads (the same as `endpoints` without faults). */
  readonly directEndpoints: LocalServiceEndpoints
  readonly s3Directory: string
  readonly streamName: string
  readonly windowSeconds: number
  readonly dataDir: string
  readonly mappings: Omit<MappingSettings, 'kinesis' | 'logger'>
  readonly statusIntervalMs: number
}

/** What the consumer thread tells its parent. */
export type ConsumerThreadMessage =
  | { readonly type: 'status'; readonly mappings: ReadonlyArray<MappingStatus> }
  | { readonly type: 'log'; readonly level: keyof Logger; readonly message: string; readonly fields?: LogFields }
  | { readonly type: 'stopped' }

const ENTRY = siblingModule('./_internal/consumerThreadEntry', import.meta.url)

/** How often the thread reports its mappings' status. */
const STATUS_INTERVAL_MS = 100

/**
 * The stream consumers (event-source mappings and their handlers) in a worker thread, so a
 * handler working through a large batch never holds up the HTTP API's event loop. The mappings
 * seen from here are snapshots the thread posts every 100 ms.
 */
export class ConsumerThread {
  private statuses: ReadonlyArray<MappingStatus> = []
  private stopping: Promise<void> | undefined

  /** Views of the thread's mappings, in consumer order. */
  public readonly mappings: ReadonlyArray<EventSourceMappingView>

  private constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<number>,
    names: ReadonlyArray<string>,
  ) {
    this.mappings = names.map((name, i) => {
      const status = (): MappingStatus | undefined => this.statuses[i]
      return {
        name,
        get attached() {
          return status()?.attached ?? false
        },
        get counters() {
          return status()?.counters ?? { invocations: 0, finalInvocations: 0, failures: 0, records: 0 }
        },
        get stats() {
          return status()?.stats
        },
        lagMs: () => status()?.lagMs ?? 0,
      }
    })
  }

  /**
   * Starts the thread: it builds the consumers and starts their mappings. Resolves once they
   * all run (not necessarily attached yet).
   *
   * @param onCrash - called once if the thread stops without `stop()`
   * @throws what building the consumers or starting a mapping threw
   */
  public static start(
    consumers: ConsumerModule,
    settings: Omit<ConsumerThreadData, 'module' | 'exportName' | 'options' | 'statusIntervalMs'>,
    logger: Logger,
    onCrash: (error: ThreadCrashedError) => void,
  ): Promise<ConsumerThread> {
    const data: ConsumerThreadData = {
      ...settings,
      module: consumers.module.href,
      exportName: consumers.exportName ?? 'consumers',
      options: consumers.options,
      statusIntervalMs: STATUS_INTERVAL_MS,
    }
    const worker = startWorker(ENTRY, data)
    return new Promise((resolve, reject) => {
      let thread: ConsumerThread | undefined
      const exited = watchWorkerExit(worker, {
        what: 'the consumer thread',
        started: () => thread !== undefined,
        stopping: () => thread?.stopping !== undefined,
        failStart: reject,
        crashed: (error) => {
          thread?.detach()
          onCrash(error)
        },
      })
      worker.on('message', (message: ConsumerThreadMessage) => {
        if (message.type === 'log') logger[message.level](message.message, message.fields)
        if (message.type !== 'status') return
        if (thread === undefined) {
          thread = new ConsumerThread(
            worker,
            exited,
            message.mappings.map((m) => m.name),
          )
          resolve(thread)
        }
        thread.statuses = message.mappings
      })
    })
  }

  /** Marks every mapping detached: the thread that ran them is gone. */
  private detach(): void {
    this.statuses = this.statuses.map((s) => ({ ...s, attached: false }))
  }

  /** Ends the thread at once without stopping the mappings, as a crash would. */
  public async terminate(): Promise<void> {
    await this.worker.terminate()
  }

  /**
   * Stops every mapping gracefully (invocations in flight finish and checkpoint), then ends the
   * thread. Idempotent.
   */
  public stop(): Promise<void> {
    this.stopping ??= (async () => {
      await requestShutdown<ConsumerThreadMessage>(this.worker, this.exited, { type: 'stop' }, 'stopped')
      this.detach()
    })()
    return this.stopping
  }
}
