/** Worker entry for the lowerThreadPriority test: lowers its own priority and reports it. */
import { parentPort, workerData } from 'node:worker_threads'
import { lowerThreadPriority } from '../../src/_internal/lowerThreadPriority.js'

parentPort?.postMessage({ nice: lowerThreadPriority(workerData as number), again: lowerThreadPriority(0) })
