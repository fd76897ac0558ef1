import type { FaultService } from './constants.js'

/** A request as the proxy received it. */
export interface ProxiedRequest {
  readonly method: string
  /** Path and query, e.g. `/sdp-lake/parquet/parquet_bcns/dt=…?x-id=PutObject`. */
  readonly url: string
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly body: Buffer
}

/** Which API call a request is and what it addresses. */
export interface RequestClass {
  /** The operation, e.g. `PutRecords`, `UpdateItem`, `PutObject`. */
  readonly operation: string
  /**
   * What it addresses: the stream (Kinesis), the table (DynamoDB), or the bucket and the first two
   * segments of the key or list prefix (S3, e.g. `sdp-lake/parquet/parquet_bcns`), so counts tell
   * the write paths apart.
   */
  readonly target: string
}

/** Classifies a request to `service` (a pure function of method, URL, headers and body). */
export function classifyRequest(service: FaultService, request: ProxiedRequest): RequestClass {
  if (service === 's3') return classifyS3(request)
  const header = request.headers['x-amz-target']
  const operation = (typeof header === 'string' ? header.split('.').at(-1) : undefined) ?? 'Unknown'
  const body = parseJson(request.body)
  return service === 'kinesis' ? classifyKinesis(operation, body) : classifyDynamoDb(operation, body)
}

type JsonBody = Record<string, unknown> | undefined

function classifyKinesis(operation: string, body: JsonBody): RequestClass {
  const stream = typeof body?.StreamName === 'string' ? body.StreamName : typeof body?.StreamARN === 'string' ? body.StreamARN.split('/').at(-1) : undefined
  // Records placed by hash key (heartbeats, one to each shard) are another writer than those placed by partition key.
  const records = Array.isArray(body?.Records) ? (body.Records as Array<{ ExplicitHashKey?: unknown }>) : []
  const placed = records.length > 0 && records.every((r) => r?.ExplicitHashKey !== undefined)
  return { operation, target: `${stream ?? ''}${placed ? ' (explicit hash keys)' : ''}` }
}

function classifyDynamoDb(operation: string, body: JsonBody): RequestClass {
  const tables = typeof body?.TableName === 'string' ? [body.TableName] : Object.keys((body?.RequestItems as Record<string, unknown> | undefined) ?? {})
  return { operation, target: tables.sort().join(',') }
}

function classifyS3(request: ProxiedRequest): RequestClass {
  const url = new URL(request.url, 'http://local')
  const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/').map(decodeURIComponent)
  const key = keyParts.join('/')
  const q = url.searchParams
  const method = request.method.toUpperCase()
  const prefixOf = (path: string) =>
    [
      bucket,
      ...path
        .split('/')
        .slice(0, 2)
        .filter((p) => p !== ''),
    ].join('/')
  let operation: string
  if (key === '') {
    const lists = q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects'
    operation =
      { GET: lists, PUT: 'CreateBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket', POST: q.has('delete') ? 'DeleteObjects' : 'PostBucket' }[method] ?? method
    return { operation, target: prefixOf(q.get('prefix') ?? '') }
  }
  if (method === 'PUT') operation = request.headers['x-amz-copy-source'] ? 'CopyObject' : q.has('uploadId') ? 'UploadPart' : 'PutObject'
  else if (method === 'POST') operation = q.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload'
  else operation = { GET: 'GetObject', HEAD: 'HeadObject', DELETE: q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject' }[method] ?? method
  return { operation, target: prefixOf(key) }
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** The attempt number the AWS SDK put in `amz-sdk-request` (`attempt=2; max=3`); 1 without it. */
export function sdkAttempt(headers: ProxiedRequest['headers']): number {
  const header = headers['amz-sdk-request']
  const match = typeof header === 'string' ? /attempt=(\d+)/.exec(header) : null
  return match ? Number(match[1]) : 1
}
