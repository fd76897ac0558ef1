import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createWindowHandler, type WindowHandlerDependencies } from '../handler/createWindowHandler.js'
import { RepartitionError } from '../errors.js'
import { expandRepartitioned } from './expandRepartitioned.js'
import { repartitionedJob, type ForwardedEvent } from './repartitionedJob.js'

/** What a keyed-stream window handler needs: those of any window handler, and the name its partials go under. */
export interface RepartitionedWindowHandlerDependencies<E, R> extends WindowHandlerDependencies<E, R> {
  /**
   * Prefixes the shard ids its partials are sent under (`<source>/<shardId>`): shard ids repeat
   * from stream to stream, and a partials stream fed by several stages must tell their partials apart.
   */
  readonly source: string
}

/**
 * A Kinesis tumbling-window handler for a keyed stream fed by a raw repartition
 * (`KinesisRepartitionSink`): it expands the packed records, runs `deps.job` on each forward
 * exactly once (see {@link repartitionedJob}) and writes like any window handler.
 * @throws RepartitionError when the job or the source name cannot run correctly on a keyed stream
 */
export function createRepartitionedWindowHandler<E, R>(deps: RepartitionedWindowHandlerDependencies<E, R>) {
  if (!/^[A-Za-z0-9_.-]+$/.test(deps.source)) {
    throw new RepartitionError(`source must be a non-empty name of letters, digits, '_', '.' and '-', got ${JSON.stringify(deps.source)}`)
  }
  const { source, partials, outputs, job, ...rest } = deps
  const handle = createWindowHandler<ForwardedEvent<E>, R>({
    ...rest,
    job: repartitionedJob(job),
    partials: { write: (flushed, shardId) => partials.write(flushed, `${source}/${shardId}`) },
    // The outputs see the inner job's late events, not the forwarding envelopes.
    ...(outputs ? { outputs: (result, event) => outputs({ ...result, late: result.late.map((l) => l.event) }, event) } : {}),
  })
  return (event: KinesisWindowEvent): Promise<KinesisWindowResponse> => handle(expandRepartitioned(event))
}
