/**
 * Worker-thread entry of {@link ConsumerThread}: builds the consumers from their module, runs one
 * event-source mapping per consumer against the local services' endpoints, posts their status
 * every status interval and their log lines as they come, and stops them when asked.
 */
import { workerData } from 'node:worker_threads'
import { createLocalClients, destroyLocalClients } from '../localClients.js'
import { localTelemetry, type LogFields, type Logger } from '../logger.js'
import type { ConsumerDefinition, LocalPlatformContext } from '../localPlatform.js'
import type { ConsumerThreadData, ConsumerThreadMessage, MappingStatus } from '../ConsumerThread.js'
import { setTimeout as delay } from 'node:timers/promises'
import { lowerThreadPriority } from './lowerThreadPriority.js'
import { startMappings } from './startMappings.js'
import { workerPort } from './startWorker.js'

/** How long the thread waits for its mappings to attach before it reports them started. */
const ATTACH_WAIT_MS = 2_000
/** The consumer thread's nice value (main and kinesalite threads keep 0). */
const CONSUMER_THREAD_NICE = 10

const { port, post } = workerPort<ConsumerThreadMessage>('consumerThreadEntry')
const data = workerData as ConsumerThreadData
// Batches can wait; the requests the main thread answers cannot.
lowerThreadPriority(CONSUMER_THREAD_NICE)

const log =
  (level: keyof Logger) =>
  (message: string, fields?: LogFields): void => {
    try {
      post({ type: 'log', level, message, ...(fields === undefined ? {} : { fields }) })
    } catch {
      // Fields that cannot be cloned (functions, sockets) travel as JSON.
      const text = JSON.stringify(fields, (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value))
      post({ type: 'log', level, message, fields: JSON.parse(text) as LogFields })
    }
  }
const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') }

// The handlers' clients: each call the SDK retried is a structured line, as on Lambda.
const clients = createLocalClients(data.endpoints, localTelemetry('aws-sdk', logger).logger)
// The mappings stand in for Lambda's own reads: they bypass the fault proxy.
const direct = createLocalClients(data.directEndpoints)
const context: LocalPlatformContext = {
  services: { ...clients, endpoints: data.endpoints, s3Directory: data.s3Directory },
  streamName: data.streamName,
  windowSeconds: data.windowSeconds,
  dataDir: data.dataDir,
  logger,
}
const module = (await import(data.module)) as Record<string, unknown>
const build = module[data.exportName]
if (typeof build !== 'function') throw new TypeError(`${data.module} must export a function '${data.exportName}' that returns the consumers`)
const consumers = (await (build as (options: unknown) => unknown)(data.options)) as ReadonlyArray<ConsumerDefinition>
const mappings = await startMappings(consumers, context, { ...data.mappings, kinesis: direct.kinesis, logger })

// Report once attached (or after a while regardless), so the platform starts as attached as an
// in-thread one would, rather than a status interval later.
for (const deadline = Date.now() + ATTACH_WAIT_MS; Date.now() < deadline && !mappings.every((m) => m.attached);) {
  await delay(10)
}

const status = (): MappingStatus[] =>
  mappings.map((m, i) => {
    const stats = consumers[i]?.stats?.()
    return { name: m.name, attached: m.attached, lagMs: m.lagMs(), counters: m.counters, ...(stats === undefined ? {} : { stats }) }
  })
const ticker = setInterval(() => post({ type: 'status', mappings: status() }), data.statusIntervalMs)
port.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return
  clearInterval(ticker)
  void Promise.all(mappings.map((m) => m.stop())).then(() => {
    post({ type: 'status', mappings: status() })
    destroyLocalClients(clients)
    destroyLocalClients(direct)
    post({ type: 'stopped' })
  })
})
post({ type: 'status', mappings: status() })
