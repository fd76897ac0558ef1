import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { FaultService } from './constants.js'

/** An HTTP answer the proxy sends in a service's place. */
export interface SyntheticResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
}

/** The account local ARNs and error messages name. */
const ACCOUNT = '000000000000'

/** The error kinds answered with an HTTP error of the service. */
export type ErrorKind = 'SlowDown' | 'InternalError' | 'ProvisionedThroughputExceededException' | 'ThrottlingException'

const S3_ERRORS = {
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
} as const

const DYNAMODB_ERRORS = {
  ProvisionedThroughputExceededException: {
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: {
    type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
} as const

/**
 * The error answer AWS gives for `kind` on `service`, headers and body as the service sends them:
 * S3 an XML `<Error>` (no body for HEAD) with `x-amz-request-id`/`x-amz-id-2`; DynamoDB a
 * JSON 1.0 body with the namespaced `__type`, `x-amzn-RequestId` and the `x-amz-crc32` of the body;
 * Kinesis a JSON 1.1 body with the bare `__type`.
 *
 * @param target - what the request addressed (stream, table, key), named in Kinesis' message
 */
export function awsErrorResponse(service: FaultService, kind: ErrorKind, request: { readonly method: string; readonly target: string }): SyntheticResponse {
  if (service === 's3') {
    const error = S3_ERRORS[kind as keyof typeof S3_ERRORS] ?? S3_ERRORS.InternalError
    const requestId = randomBytes(8).toString('hex').toUpperCase()
    const hostId = randomBytes(48).toString('base64')
    const code = kind in S3_ERRORS ? kind : 'InternalError'
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${error.message}</Message><RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`
    const body = request.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(xml)
    return { status: error.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId }, body }
  }
  if (service === 'dynamodb') {
    const error = DYNAMODB_ERRORS[kind as keyof typeof DYNAMODB_ERRORS] ?? DYNAMODB_ERRORS.ThrottlingException
    const body = Buffer.from(JSON.stringify({ __type: error.type, message: error.message }))
    return {
      status: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': randomBytes(26).toString('hex').toUpperCase(),
        'x-amz-crc32': String(crc32(body)),
      },
      body,
    }
  }
  const body = Buffer.from(JSON.stringify({ __type: 'ProvisionedThroughputExceededException', message: throttledMessage(request.target) }))
  return { status: 400, headers: kinesisHeaders(), body }
}

/** Kinesis' message for a throttled stream (the shard is not known to the proxy). */
export const throttledMessage = (stream: string): string => `Rate exceeded for stream ${stream} under account ${ACCOUNT}.`

/** Kinesis' message for an entry that failed internally. */
export const INTERNAL_FAILURE_MESSAGE = 'Internal Service Failure'

/** Headers of a Kinesis JSON 1.1 answer. */
export function kinesisHeaders(): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': crypto.randomUUID(),
    'x-amz-id-2': randomBytes(48).toString('base64'),
  }
}
