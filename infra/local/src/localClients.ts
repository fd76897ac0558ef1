import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_TIMEOUTS, logSdkRetries, type RetryLogger } from '@sdp/service-kit'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './constants.js'

/** Base URLs of the three local AWS-compatible services. */
export interface LocalServiceEndpoints {
  /** kinesalite, e.g. `http://127.0.0.1:40123`. */
  readonly kinesis: string
  /** dynalite. */
  readonly dynamodb: string
  /** s3rver (path-style addressing). */
  readonly s3: string
}

/** AWS SDK v3 clients wired to the local services. */
export interface LocalClients {
  readonly kinesis: KinesisClient
  readonly dynamodb: DynamoDBClient
  readonly s3: S3Client
}

/** Clients of the local services with what else a handler may need to know of them. */
export interface LocalServiceClients extends LocalClients {
  readonly endpoints: LocalServiceEndpoints
  /** Directory s3rver stores buckets in: objects are `<s3Directory>/<bucket>/<key>._S3rver_object`. */
  readonly s3Directory: string
}

/**
 * Builds AWS SDK v3 clients for local endpoints: region `us-east-1`, dummy static credentials,
 * an HTTP/1.1 handler for Kinesis (kinesalite cannot speak HTTP/2) with the handlers' connection and
 * request timeouts, and path-style S3 addressing.
 * Use it from another process that only knows the endpoints.
 *
 * @param endpoints - base URLs as returned by `startLocalServices`
 * @param retryLogger - logs one line per call the SDK had to retry (see `logSdkRetries`) @default none
 * @returns three clients; call `destroy()` on each when done
 * @example
 * const { kinesis } = createLocalClients(services.endpoints)
 */
export function createLocalClients(endpoints: LocalServiceEndpoints, retryLogger?: RetryLogger): LocalClients {
  const common = { region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } }
  const clients = {
    kinesis: new KinesisClient({
      ...common,
      endpoint: endpoints.kinesis,
      requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS),
    }),
    dynamodb: new DynamoDBClient({
      ...common,
      endpoint: endpoints.dynamodb,
      requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS),
    }),
    s3: new S3Client({
      ...common,
      endpoint: endpoints.s3,
      forcePathStyle: true,
      requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS),
    }),
  }
  if (retryLogger) for (const client of Object.values(clients)) logSdkRetries(client, retryLogger)
  return clients
}

/** Destroys the three clients {@link createLocalClients} built, closing their sockets. */
export function destroyLocalClients(clients: LocalClients): void {
  clients.kinesis.destroy()
  clients.dynamodb.destroy()
  clients.s3.destroy()
}
