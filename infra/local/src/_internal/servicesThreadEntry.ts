/**
 * Worker-thread entry of {@link ServicesThread}: starts the servers named in `workerData`, posts
 * their endpoints, and closes them when asked.
 */
import { workerData } from 'node:worker_threads'
import { lowerThreadPriority } from './lowerThreadPriority.js'
import { startServiceServers, type ServiceServersOptions } from './startServiceServers.js'
import type { ServicesThreadMessage } from './ServicesThread.js'
import { workerPort } from './startWorker.js'

const { port, post } = workerPort<ServicesThreadMessage>('servicesThreadEntry')

const options = workerData as ServiceServersOptions & { readonly nice?: number }
if (options.nice !== undefined) lowerThreadPriority(options.nice)
const servers = await startServiceServers(options)
port.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return
  servers.close().then(
    () => post({ type: 'closed' }),
    (error: unknown) => post({ type: 'closed', error: String((error as Error)?.stack ?? error) }),
  )
})
post({ type: 'ready', endpoints: servers.endpoints })
