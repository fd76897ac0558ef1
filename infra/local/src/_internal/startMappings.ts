import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { EventSourceMapping } from '../eventSourceMapping/EventSourceMapping.js'
import type { ConsumerDefinition, LocalPlatformContext } from '../localPlatform.js'
import type { Logger } from '../logger.js'

/** How every consumer's mapping is set up. */
export interface MappingSettings {
  readonly kinesis: KinesisClient
  readonly streamName: string
  readonly dataDir: string
  readonly windowSeconds: number
  readonly freshContainers: boolean
  readonly deliverTwice: boolean
  readonly pollIntervalMs?: number
  readonly logger: Logger
}

/**
 * Creates and starts one event-source mapping per consumer, in the calling thread. If one fails
 * to start, the ones already started are stopped again.
 */
export async function startMappings(
  consumers: ReadonlyArray<ConsumerDefinition>,
  context: LocalPlatformContext,
  settings: MappingSettings,
): Promise<EventSourceMapping[]> {
  const { pollIntervalMs, ...common } = settings
  const mappings = consumers.map(
    (consumer) =>
      new EventSourceMapping({
        ...common,
        name: consumer.name,
        streamName: consumer.streamName ?? common.streamName,
        handlerFactory: () => consumer.handlerFactory(context),
        ...(consumer.batchSize === undefined ? {} : { batchSize: consumer.batchSize }),
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      }),
  )
  try {
    for (const mapping of mappings) await mapping.start()
  } catch (error) {
    await Promise.all(mappings.map((m) => m.stop()))
    throw error
  }
  return mappings
}
