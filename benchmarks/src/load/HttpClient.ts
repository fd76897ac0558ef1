import http from 'node:http'
import https from 'node:https'
import { regionOfApiUrl, signRequest, type AwsCredentials } from '@sdp/infra/client'
import { LoadSetupError } from './errors.js'

/** A finished request: its status (0 when no response came) and body, or the error. */
export interface HttpResult {
  readonly status: number
  readonly body: string
  /** Milliseconds from sending to the last byte of the response. */
  readonly ms: number
  /** Set when no complete response arrived (connection refused, reset, timeout). */
  readonly error?: string
}

/** SigV4 signing for API Gateway's IAM authorization. */
export interface SigV4Settings {
  readonly credentials: AwsCredentials
  readonly region: string
}

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  /** Sockets kept open per origin; also the most requests in flight. */
  readonly connections: number
  /** A request without a complete response after this long fails. @default 30000 */
  readonly timeoutMs?: number
  /** Sign every request (execute-api). @default none */
  readonly sigv4?: SigV4Settings
}

/**
 * A small keep-alive HTTP/1.1 client on `node:http`: cheaper per request than `fetch`, so the load
 * generator's own cost stays far below what it measures. Optionally signs each request with SigV4.
 */
export class HttpClient {
  private readonly agents: { http: http.Agent; https: https.Agent }
  private readonly timeoutMs: number

  constructor(private readonly options: HttpClientOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections }
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) }
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  /** Sends one request; never throws (a failure is a result with `status` 0 and `error`). */
  async request(method: 'GET' | 'POST', url: string, body?: string): Promise<HttpResult> {
    const target = new URL(url)
    let headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    if (this.options.sigv4) {
      headers = await signRequest({ method, url, headers, ...(body === undefined ? {} : { body }) }, this.options.sigv4.credentials, {
        region: this.options.sigv4.region,
      })
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
    const secure = target.protocol === 'https:'
    const send = secure ? https.request : http.request
    const started = performance.now()
    return new Promise((resolve) => {
      let settled = false
      const finish = (status: number, text: string, error?: string) => {
        if (settled) return
        settled = true
        resolve({ status, body: text, ms: performance.now() - started, ...(error === undefined ? {} : { error }) })
      }
      const req = send(target, { method, headers, agent: secure ? this.agents.https : this.agents.http, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')))
        res.on('error', (error) => finish(0, '', error.message))
      })
      req.on('timeout', () => req.destroy(new Error(`no response within ${this.timeoutMs} ms`)))
      req.on('error', (error) => finish(0, '', error.message))
      req.end(body)
    })
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agents.http.destroy()
    this.agents.https.destroy()
  }
}

/**
 * SigV4 settings from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
 * `AWS_SESSION_TOKEN`) and the region: the one given, else the execute-api host's, else `AWS_REGION`.
 *
 * @throws LoadSetupError when credentials or the region are missing
 */
export function sigV4FromEnv(url: string, region: string | undefined, env: NodeJS.ProcessEnv = process.env): SigV4Settings {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey) {
    throw new LoadSetupError(
      '--sigv4 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) in the environment; e.g. eval "$(aws configure export-credentials --format env)"',
    )
  }
  let resolved = region
  if (resolved === undefined) {
    try {
      resolved = regionOfApiUrl(url)
    } catch {
      resolved = env.AWS_REGION ?? env.AWS_DEFAULT_REGION
    }
  }
  if (!resolved) throw new LoadSetupError('--sigv4 needs a region: pass --region, use an execute-api URL, or set AWS_REGION')
  const credentials: AwsCredentials = env.AWS_SESSION_TOKEN
    ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN }
    : { accessKeyId, secretAccessKey }
  return { credentials, region: resolved }
}
