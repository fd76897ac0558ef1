import { parentPort, Worker, type MessagePort } from 'node:worker_threads'
import { ThreadCrashedError } from '../errors.js'

/**
 * The module at `path` (no extension) relative to the module `base`, with `base`'s extension:
 * `.ts` when the platform runs from source under tsx, `.js` once compiled.
 *
 * @example
 * const ENTRY = siblingModule('./servicesThreadEntry', import.meta.url)
 */
export function siblingModule(path: string, base: string): URL {
  return new URL(`${path}${base.endsWith('.ts') ? '.ts' : '.js'}`, base)
}

/**
 * Starts a worker thread on an ES module. When the module is TypeScript (the platform runs from
 * source under tsx), the worker first registers tsx's loader itself: on Node 20 tsx hooks only
 * the main thread.
 *
 * @param entry - the worker's module
 * @param workerData - structured-cloneable data for the worker
 */
export function startWorker(entry: URL, workerData: unknown): Worker {
  const target = JSON.stringify(entry.href)
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData })
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  // Evaluated as a CommonJS script: no top-level await, dynamic import() only.
  const bootstrap = `import(${tsx}).then(({ register }) => { register(); return import(${target}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

/** What {@link watchWorkerExit} asks of the thread's owner. */
export interface WorkerExitWatch {
  /** Names the thread in errors: `the consumer thread`. */
  readonly what: string
  /** Whether the thread got to be started (its owner resolved the start). */
  started(): boolean
  /** Whether its owner is stopping it: an exit then is no crash. */
  stopping(): boolean
  /** Fails the start: the thread exited before it was ready. */
  failStart(error: unknown): void
  /** The thread stopped on its own after it started. */
  crashed(error: ThreadCrashedError): void
}

/**
 * Watches a worker for the exit nobody asked for: before it started, the start fails (with the
 * worker's error if it had one); afterwards, unless its owner is stopping it, it is a crash.
 *
 * @returns the exit code, once the worker has exited
 */
export function watchWorkerExit(worker: Worker, watch: WorkerExitWatch): Promise<number> {
  let failure: unknown
  worker.on('error', (error) => (failure ??= error))
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve))
  void exited.then((code) => {
    if (!watch.started()) {
      watch.failStart(failure ?? new ThreadCrashedError(`${watch.what} exited with code ${code} while starting`))
    } else if (!watch.stopping()) {
      const reason = failure instanceof Error ? `: ${failure.message}` : ` with code ${code}`
      watch.crashed(new ThreadCrashedError(`${watch.what} stopped unexpectedly${reason}`, { cause: failure }))
    }
  })
  return exited
}

/**
 * Asks a worker to shut down: posts `request`, waits for the message of type `answer` or for the
 * worker's exit (a thread that already died has nothing left to shut down), then terminates it.
 *
 * @param exited - what {@link watchWorkerExit} returned for the worker
 * @returns the answer, or undefined when the worker exited first
 */
export async function requestShutdown<M extends { readonly type: string }>(
  worker: Worker,
  exited: Promise<number>,
  request: { readonly type: string },
  answer: M['type'],
): Promise<M | undefined> {
  const answered = new Promise<M>((resolve) => {
    const onMessage = (message: M): void => {
      if (message.type !== answer) return
      worker.off('message', onMessage)
      resolve(message)
    }
    worker.on('message', onMessage)
  })
  worker.postMessage(request)
  const outcome = await Promise.race([answered, exited.then(() => undefined)])
  await worker.terminate()
  return outcome
}

/**
 * A worker entry's port to its parent, with `post` typed to the messages the entry sends.
 *
 * @param entry - names the module in the error
 * @throws Error when the module does not run in a worker thread
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the entry names the messages it posts
export function workerPort<M>(entry: string): { readonly port: MessagePort; post: (message: M) => void } {
  const port = parentPort
  if (port === null) throw new Error(`${entry} must run in a worker thread`)
  return { port, post: (message) => port.postMessage(message) }
}
