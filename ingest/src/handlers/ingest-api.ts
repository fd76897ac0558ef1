/**
 * The ingest Lambda: `POST /bid`, `/click`, `/impression`, `/events` behind API Gateway (REST
 * proxy, payload 1.0). Configuration is read once per container from the environment:
 *
 * | variable | |
 * |---|---|
 * | `STREAM_NAME` | required: the Kinesis stream events are written to |
 * | `MAX_BODY_BYTES` | largest accepted body in bytes (default 1048576) |
 * | `AWS_REGION`, `AWS_ENDPOINT_URL_KINESIS` | AWS SDK default resolution (the latter points at kinesalite locally) |
 *
 * A missing or bad variable does not fail the import: each invocation throws the
 * `ConfigurationError` that names it, so the Lambda's errors and logs say what to fix.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS } from '@sdp/catalog'
import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import { createIngestHandler } from '../createIngestHandler.js'
import { readIngestConfig } from '../readIngestConfig.js'
import type { IngestHandler, IngestResponse } from '../types.js'

function build(): IngestHandler | Error {
  try {
    const config = readIngestConfig(process.env)
    // NodeHttpHandler speaks HTTP/1.1, which kinesalite needs locally and Kinesis accepts.
    const kinesis = new KinesisClient({ requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS) })
    return createIngestHandler({ kinesis, ...config })
  } catch (error) {
    return error as Error
  }
}

const ingest = build()

/** The Lambda entry point. @throws ConfigurationError when `STREAM_NAME` or `MAX_BODY_BYTES` is missing or bad */
export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<IngestResponse> {
  if (ingest instanceof Error) throw ingest
  return ingest(event, context)
}
