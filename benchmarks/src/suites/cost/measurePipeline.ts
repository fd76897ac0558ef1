// Measures both reporting stages on fresh in-process services (kinesalite, dynalite, s3rver from
// startLocalServices): stage 1 writes its partials to a local partials stream, stage 2 reads the
// same records back and writes the results table.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalServices } from '@sdp/infra'
import { resultsTableDefinition } from '@sdp/stream-runtime'
import { measureMergeHandler, type MergeHandlerMeasurement } from './measureMergeHandler.js'
import { measureWindowHandler, type MeasureOptions, type WindowHandlerMeasurement } from './measureWindowHandler.js'
import { RequestCounter } from './RequestCounter.js'

/** Both stages measured at one campaign count. */
export interface PipelineMeasurement {
  readonly stage1: WindowHandlerMeasurement
  readonly stage2: MergeHandlerMeasurement
}

/** Options of {@link measurePipeline}: stage 1's, and stage-2 invocations per stage-2 window. */
export interface PipelineOptions extends MeasureOptions {
  readonly mergeInvocationsPerWindow: number
}

/**
 * Runs stage 1 on ad-tech batches and stage 2 on what stage 1 wrote, with every S3, Kinesis and
 * DynamoDB request of both counted.
 */
export async function measurePipeline(options: PipelineOptions): Promise<PipelineMeasurement> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-bench-cost-'))
  const services = await startLocalServices({ dataDir, inMemory: true })
  try {
    const context = { services, counter: new RequestCounter(), bucket: 'sdp-lake', streamName: 'bench-events', partialsStream: 'bench-partials' }
    const resultsTable = 'bench-results'
    await services.ensureResources({ streamName: context.streamName, shardCount: 1, buckets: [context.bucket], tables: [resultsTableDefinition(resultsTable)] })
    await services.ensureResources({ streamName: context.partialsStream, shardCount: 1 })
    for (const client of [services.s3, services.kinesis, services.dynamodb]) context.counter.attach(client)
    const stage1 = await measureWindowHandler(context, options)
    const stage2 = await measureMergeHandler(context, stage1, { invocationsPerWindow: options.mergeInvocationsPerWindow, resultsTable })
    return { stage1, stage2 }
  } finally {
    await services.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
