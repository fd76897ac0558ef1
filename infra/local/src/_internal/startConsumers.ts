import { ConsumerThread, type ConsumerModule } from '../ConsumerThread.js'
import type { ThreadCrashedError } from '../errors.js'
import type { EventSourceMappingView } from '../eventSourceMapping/types.js'
import type { ConsumerDefinition, LocalPlatformContext } from '../localPlatform.js'
import type { LocalServices } from '../localServices.js'
import { startMappings, type MappingSettings } from './startMappings.js'

/** Started consumers: views of their mappings, and how to stop them. */
export interface StartedConsumers {
  readonly mappings: ReadonlyArray<EventSourceMappingView>
  stop(): Promise<void>
}

/**
 * Starts one event-source mapping per consumer: definitions in this thread, a
 * {@link ConsumerModule} in a worker thread of its own. The mappings read the stream through
 * `direct` clients, past any fault proxy, as Lambda's own reads are not the handlers' calls.
 */
export async function startConsumers(
  consumers: ReadonlyArray<ConsumerDefinition> | ConsumerModule,
  context: LocalPlatformContext,
  settings: Omit<MappingSettings, 'kinesis' | 'logger'>,
  direct: LocalServices['direct'],
  onCrash: (error: ThreadCrashedError) => void,
): Promise<StartedConsumers> {
  const { services, streamName, windowSeconds, dataDir, logger } = context
  if ('module' in consumers) {
    const { endpoints, s3Directory } = services
    const thread = await ConsumerThread.start(
      consumers,
      { endpoints, directEndpoints: direct.endpoints, s3Directory, streamName, windowSeconds, dataDir, mappings: settings },
      logger,
      onCrash,
    )
    return { mappings: thread.mappings, stop: () => thread.stop() }
  }
  // The mappings stand in for Lambda's own reads of the stream: they read past the fault proxy.
  const local = await startMappings(consumers, context, { ...settings, kinesis: direct.kinesis, logger })
  // A definition's own counters join its mapping's view, as the consumer thread's status carries them.
  const views = local.map((m, i): EventSourceMappingView => {
    const stats = consumers[i]?.stats
    return stats === undefined ? m : Object.defineProperty(m, 'stats', { get: stats, enumerable: true })
  })
  return {
    mappings: views,
    stop: async () => {
      await Promise.all(local.map((m) => m.stop()))
    },
  }
}
