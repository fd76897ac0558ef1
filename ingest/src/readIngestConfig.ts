import { int, readEnv, string, type Env } from '@sdp/service-kit'
import { DEFAULT_MAX_BODY_BYTES } from './constants.js'

/** The ingest handler's settings, read from its environment. */
export interface IngestConfig {
  readonly streamName: string
  readonly maxBodyBytes: number
}

/** How each {@link IngestConfig} field is read from the environment. */
export const INGEST_SETTINGS = {
  streamName: string('STREAM_NAME', { describe: 'set it to the name of the Kinesis stream ingest writes to' }),
  maxBodyBytes: int('MAX_BODY_BYTES', { default: DEFAULT_MAX_BODY_BYTES }),
} as const

/**
 * Reads the ingest handler's environment: `STREAM_NAME` (required) and `MAX_BODY_BYTES`
 * (default 1048576). The Kinesis endpoint and region come from the AWS SDK's own variables
 * (`AWS_REGION`, `AWS_ENDPOINT_URL_KINESIS`).
 *
 * @throws ConfigError naming every variable that is missing or breaks its rule
 * @example
 * ```ts
 * readIngestConfig({ STREAM_NAME: 'sdp-events' }) // { streamName: 'sdp-events', maxBodyBytes: 1048576 }
 * ```
 */
export function readIngestConfig(env: Env): IngestConfig {
  return readEnv(env, INGEST_SETTINGS)
}
