import type { ConsumerDefinition } from '../localPlatform.js'
import { createLocalFirehose } from './localFirehose.js'
import { LOCAL_LAKE_BUCKET } from './localLakePaths.js'

/**
 * The local raw landing as a consumer of the local platform: its own event-source mapping on the
 * stream running {@link createLocalFirehose} (the Firehose transformation, written to
 * `raw/bcns/`). The bucket must exist (`resources.buckets`).
 *
 * @example
 * ```ts
 * await startLocalPlatform({ ...config, consumers: [rawLandingConsumer(), ...], resources: { buckets: ['sdp-lake'] } })
 * ```
 */
export function rawLandingConsumer(options: { readonly name?: string; readonly bucket?: string } = {}): ConsumerDefinition {
  const bucket = options.bucket ?? LOCAL_LAKE_BUCKET
  return {
    name: options.name ?? 'raw-landing',
    handlerFactory: (context) => createLocalFirehose({ s3: context.services.s3, bucket }),
  }
}
