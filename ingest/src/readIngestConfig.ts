import { DEFAULT_MAX_BODY_BYTES } from './constants.js'
import { ConfigurationError } from './errors.js'

/** The ingest handler's settings, read from its environment. */
export interface IngestConfig {
  readonly streamName: string
  readonly maxBodyBytes: number
}

/**
 * Reads the ingest handler's environment: `STREAM_NAME` (required) and `MAX_BODY_BYTES`
 * (default 1048576). The Kinesis endpoint and region come from the AWS SDK's own variables
 * (`AWS_REGION`, `AWS_ENDPOINT_URL_KINESIS`).
 *
 * @throws ConfigurationError naming the variable and the rule it breaks
 * @example
 * ```ts
 * readIngestConfig({ STREAM_NAME: 'sdp-events' }) // { streamName: 'sdp-events', maxBodyBytes: 1048576 }
 * ```
 */
export function readIngestConfig(env: Readonly<Record<string, string | undefined>>): IngestConfig {
  const streamName = env.STREAM_NAME?.trim() ?? ''
  if (streamName.length === 0) {
    throw new ConfigurationError('STREAM_NAME is required: set it to the name of the Kinesis stream ingest writes to')
  }
  const rawMax = env.MAX_BODY_BYTES?.trim() ?? ''
  const maxBodyBytes = rawMax.length === 0 ? DEFAULT_MAX_BODY_BYTES : Number(rawMax)
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new ConfigurationError(`MAX_BODY_BYTES must be a positive integer number of bytes, got ${JSON.stringify(rawMax)}`)
  }
  return { streamName, maxBodyBytes }
}
