import type { Worker } from 'node:worker_threads'
import { ThreadCrashedError } from '../errors.js'
import type { ServiceServers, ServiceServersOptions } from './startServiceServers.js'
import { requestShutdown, siblingModule, startWorker, watchWorkerExit } from './startWorker.js'

/** What the services thread tells its parent. */
export type ServicesThreadMessage =
  { readonly type: 'ready'; readonly endpoints: ServiceServers['endpoints'] } | { readonly type: 'closed'; readonly error?: string }

const ENTRY = siblingModule('./servicesThreadEntry', import.meta.url)

/**
 * Local AWS servers running in a worker thread of their own, so that their work (kinesalite
 * answering a large GetRecords, dynalite, s3rver) never holds up the event loop that serves the
 * HTTP API. The thread dies with the process, so a killed platform leaves no server behind
 * holding the data directory's stores.
 */
export class ServicesThread {
  private closing: Promise<void> | undefined

  private constructor(
    /** Names the thread in errors and logs. */
    public readonly name: string,
    private readonly worker: Worker,
    /** Base URLs of the servers in this thread. */
    public readonly endpoints: ServiceServers['endpoints'],
    private readonly exited: Promise<number>,
  ) {}

  /**
   * Starts the servers in a new thread and waits until they listen.
   *
   * @param name - names the thread in errors, e.g. `kinesis`
   * @param options - which servers, where their data lives, and the thread's nice value (default: unchanged)
   * @param onCrash - called once if the thread stops without `close()` (an uncaught error, or it
   *   was terminated); the servers are gone then
   * @throws what starting the servers threw
   */
  public static start(
    name: string,
    options: ServiceServersOptions & { readonly nice?: number },
    onCrash: (error: ThreadCrashedError) => void,
  ): Promise<ServicesThread> {
    const worker = startWorker(ENTRY, options)
    return new Promise((resolve, reject) => {
      let thread: ServicesThread | undefined
      const exited = watchWorkerExit(worker, {
        what: `the ${name} services thread`,
        started: () => thread !== undefined,
        stopping: () => thread?.closing !== undefined,
        failStart: reject,
        crashed: onCrash,
      })
      worker.once('message', (message: ServicesThreadMessage) => {
        if (message.type !== 'ready') return
        thread = new ServicesThread(name, worker, message.endpoints, exited)
        resolve(thread)
      })
    })
  }

  /** The worker's thread id. */
  public get threadId(): number {
    return this.worker.threadId
  }

  /** Ends the thread at once without closing the servers, as a crash would. */
  public async terminate(): Promise<void> {
    await this.worker.terminate()
  }

  /** Closes the servers (their stores first), then ends the thread. Idempotent. */
  public close(): Promise<void> {
    this.closing ??= (async () => {
      const outcome = await requestShutdown<ServicesThreadMessage>(this.worker, this.exited, { type: 'close' }, 'closed')
      if (outcome?.type === 'closed' && outcome.error !== undefined) {
        throw new ThreadCrashedError(`closing the services failed: ${outcome.error}`)
      }
    })()
    return this.closing
  }
}
