import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'

/** AWS credentials, e.g. from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** A request to sign. */
export interface UnsignedRequest {
  readonly method: string
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

/** Where and when the request is signed. */
export interface SigningScope {
  readonly region: string
  /** @default 'execute-api' */
  readonly service?: string
  /** @default new Date() */
  readonly now?: Date
  /** Send (and sign) the payload's hash as `x-amz-content-sha256`, as the AWS SDK does. @default true */
  readonly contentSha256?: boolean
}

/**
 * Signs a request with AWS Signature Version 4 (the AWS SDK's own signer, `@smithy/signature-v4`),
 * so it passes an API Gateway method with IAM authorization. Returns the headers to send: the given
 * ones (names in lower case) plus `host`, `x-amz-date`, `x-amz-content-sha256`,
 * `x-amz-security-token` (with temporary credentials) and `authorization`.
 *
 * @example
 * const headers = await signRequest({ method: 'GET', url }, credentials, { region: 'eu-west-1' })
 * await fetch(url, { headers })
 */
export async function signRequest(request: UnsignedRequest, credentials: AwsCredentials, scope: SigningScope): Promise<Record<string, string>> {
  const url = new URL(request.url)
  const signer = new SignatureV4({
    credentials,
    region: scope.region,
    service: scope.service ?? 'execute-api',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: scope.contentSha256 ?? true,
  })
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value.trim()
  headers.host = url.host
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of url.searchParams) {
    const seen = query[key]
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]
  }
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      // URL.pathname is encoded once; the signer encodes each segment again, as non-S3 services expect.
      path: url.pathname,
      query,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    { signingDate: scope.now ?? new Date() },
  )
  return { ...signed.headers }
}

/** The region of an `execute-api` URL (`https://{id}.execute-api.{region}.amazonaws.com/...`). */
export function regionOfApiUrl(url: string): string {
  const match = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(url).host)
  if (!match?.[1]) throw new Error(`${url} is not an API Gateway execute-api URL`)
  return match[1]
}
