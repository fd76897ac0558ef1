import { Worker } from 'node:worker_threads'

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
