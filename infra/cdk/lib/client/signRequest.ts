import { createHash, createHmac } from 'node:crypto'

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
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()
// RFC 3986 encoding, as SigV4 canonicalization requires.
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Signs a request with AWS Signature Version 4, so it passes an API Gateway method with IAM
 * authorization. Returns the headers to send: the given ones plus `host`, `x-amz-date`,
 * `x-amz-content-sha256`, `x-amz-security-token` (with temporary credentials) and `authorization`.
 *
 * @example
 * const headers = signRequest({ method: 'GET', url }, credentials, { region: 'eu-west-1' })
 * await fetch(url, { headers })
 */
export function signRequest(request: UnsignedRequest, credentials: AwsCredentials, scope: SigningScope): Record<string, string> {
  const url = new URL(request.url)
  const service = scope.service ?? 'execute-api'
  const amzDate = (scope.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '')
  const day = amzDate.slice(0, 8)
  const payloadHash = sha256(request.body ?? '')
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value.trim()
  headers.host = url.host
  headers['x-amz-date'] = amzDate
  headers['x-amz-content-sha256'] = payloadHash
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken

  const names = Object.keys(headers).sort()
  const signedHeaders = names.join(';')
  // Non-S3 services sign each path segment encoded twice: URL.pathname holds it encoded once.
  const path = url.pathname.split('/').map((segment) => encode(segment)).join('/') || '/'
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonical = [request.method.toUpperCase(), path, query, ...names.map((n) => `${n}:${headers[n]}`), '', signedHeaders, payloadHash].join('\n')
  const credentialScope = `${day}/${scope.region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256(canonical)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), scope.region), service), 'aws4_request')
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  return headers
}

/** The region of an `execute-api` URL (`https://{id}.execute-api.{region}.amazonaws.com/...`). */
export function regionOfApiUrl(url: string): string {
  const match = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(url).host)
  if (!match?.[1]) throw new Error(`${url} is not an API Gateway execute-api URL`)
  return match[1]
}
