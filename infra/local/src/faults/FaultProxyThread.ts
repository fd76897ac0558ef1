import type { Worker } from 'node:worker_threads'
import type { ThreadCrashedError } from '../errors.js'
import type { LocalServiceEndpoints } from '../localClients.js'
import { requestShutdown, siblingModule, startWorker, watchWorkerExit } from '../_internal/startWorker.js'
import { emptyFaultCounts, type FaultCounts } from './FaultCounter.js'
import { formatFaultSpec, type FaultSpec } from './FaultSpec.js'

/** What the fault proxy thread is started with. */
export interface FaultProxyThreadData {
  /** The services' own endpoints. */
  readonly targets: LocalServiceEndpoints
  readonly spec: FaultSpec
}

/** What the fault proxy thread tells its parent. */
export type FaultProxyThreadMessage =
  | { readonly type: 'ready'; readonly endpoints: LocalServiceEndpoints }
  | { readonly type: 'counts'; readonly counts: FaultCounts; readonly id?: number }
  | { readonly type: 'closed' }

const ENTRY = siblingModule('./faultProxyThreadEntry', import.meta.url)

/**
 * The fault proxies of the three local services in a worker thread of their own (reading,
 * deciding and forwarding every request must not load the HTTP API's event loop). Clients given
 * {@link endpoints} meet the faults the spec asks for; the services' own endpoints stay fault-free.
 */
export class FaultProxyThread {
  private latest: FaultCounts = emptyFaultCounts()
  private closing: Promise<void> | undefined
  private asked = 0

  private constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<number>,
    /** The proxies' base URLs, one per service. */
    public readonly endpoints: LocalServiceEndpoints,
    /** The spec the proxies follow. */
    public readonly spec: FaultSpec,
  ) {
    worker.on('message', (message: FaultProxyThreadMessage) => {
      if (message.type === 'counts') this.latest = message.counts
    })
  }

  /**
   * Starts the proxies in front of `targets` and waits until they listen.
   *
   * @param onCrash - called once if the thread stops without `close()`
   */
  public static start(targets: LocalServiceEndpoints, spec: FaultSpec, onCrash: (error: ThreadCrashedError) => void): Promise<FaultProxyThread> {
    const worker = startWorker(ENTRY, { targets, spec } satisfies FaultProxyThreadData)
    return new Promise((resolve, reject) => {
      let thread: FaultProxyThread | undefined
      const exited = watchWorkerExit(worker, {
        what: 'the fault proxy thread',
        started: () => thread !== undefined,
        stopping: () => thread?.closing !== undefined,
        failStart: reject,
        crashed: onCrash,
      })
      worker.once('message', (message: FaultProxyThreadMessage) => {
        if (message.type !== 'ready') return
        thread = new FaultProxyThread(worker, exited, message.endpoints, spec)
        resolve(thread)
      })
    })
  }

  /** `SDP_FAULTS` as the proxies follow it, seed included (to replay the run). */
  public get description(): string {
    return formatFaultSpec(this.spec)
  }

  /** The counts the thread last posted (at most 100 ms old). */
  public get counts(): FaultCounts {
    return this.latest
  }

  /** The counts as of now, asked of the thread. */
  public currentCounts(): Promise<FaultCounts> {
    const id = ++this.asked
    return new Promise((resolve) => {
      const onMessage = (message: FaultProxyThreadMessage): void => {
        if (message.type !== 'counts' || message.id !== id) return
        this.worker.off('message', onMessage)
        resolve(message.counts)
      }
      this.worker.on('message', onMessage)
      this.worker.postMessage({ type: 'counts', id })
    })
  }

  /** Closes the proxies, then ends the thread. Idempotent. */
  public close(): Promise<void> {
    this.closing ??= requestShutdown<FaultProxyThreadMessage>(this.worker, this.exited, { type: 'close' }, 'closed').then(() => undefined)
    return this.closing
  }
}
