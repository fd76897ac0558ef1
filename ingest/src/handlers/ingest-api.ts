/**
 * The ingest Lambda: `POST /bid`, `/click`, `/impression`, `/events` behind API Gateway (REST
 * proxy, payload 1.0). Configuration is read from the environment on the first invocation:
 *
 * | variable | |
 * |---|---|
 * | `STREAM_NAME` | required: the Kinesis stream events are written to |
 * | `MAX_BODY_BYTES` | largest accepted body in bytes (default 1048576) |
 * | `AWS_REGION`, `AWS_ENDPOINT_URL_KINESIS` | AWS SDK default resolution (the latter points at kinesalite locally) |
 *
 * A missing or bad variable does not fail the import: it is logged once, and each invocation
 * throws the `ConfigError` that names it, so the Lambda's errors and logs say what to fix.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, createLogger, lazyHandler, type Env } from '@sdp/service-kit'
import { createIngestHandler } from '../createIngestHandler.js'
import { readIngestConfig } from '../readIngestConfig.js'
import type { IngestHandler } from '../types.js'

export { createIngestHandler }

const logger = createLogger({ serviceName: 'ingest' })

/** Builds the handler from the environment. @throws ConfigError naming every bad variable */
export function ingestHandlerFromEnv(env: Env = process.env): IngestHandler {
  const config = readIngestConfig(env)
  // NodeHttpHandler speaks HTTP/1.1, which kinesalite needs locally and Kinesis accepts.
  const kinesis = new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) })
  return createIngestHandler({ kinesis, ...config, logger })
}

/** The Lambda entry point; settings are read on the first invocation. */
export const handler: IngestHandler = lazyHandler(() => ingestHandlerFromEnv(), logger)
