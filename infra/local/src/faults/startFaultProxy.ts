import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LOCAL_HOST } from '../constants.js'
import { awsErrorResponse, kinesisHeaders, type SyntheticResponse } from './awsErrorResponses.js'
import { classifyRequest, sdkAttempt, type ProxiedRequest } from './classifyRequest.js'
import { callFaultKinds, type FaultKind, type FaultService } from './constants.js'
import { decideFault, type CallPlace, type FaultDecision } from './decideFault.js'
import type { FaultCounter } from './FaultCounter.js'
import type { FaultSpec } from './FaultSpec.js'
import { forwardedPutRecords, mergePutRecordsResult, parsePutRecords, streamOf, type PutRecordsBody, type PutRecordsResult } from './partialPutRecords.js'

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  readonly service: FaultService
  /** Base URL of the service, e.g. `http://127.0.0.1:40123`. */
  readonly target: string
  readonly spec: FaultSpec
  /** Counts the requests and the faults injected. */
  readonly counter: FaultCounter
}

/** A running proxy. */
export interface FaultProxy {
  /** Base URL clients use instead of the service's. */
  readonly url: string
  close(): Promise<void>
}

/** An answer of the service, read whole. */
interface Upstream {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** Headers that describe one hop's framing; the proxy sets its own. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length'])

/**
 * An HTTP proxy on a free port of 127.0.0.1 in front of one local service: each request, read
 * whole, is classified, numbered in arrival order and given {@link decideFault}'s decision —
 * forwarded untouched, answered with the service's error, cut off (before it reaches the service,
 * or after the service applied it), or, for a Kinesis PutRecords, forwarded with only the entries
 * that are let through and answered with the service's results merged with the refused entries'.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const { service, spec, counter } = options
  const target = new URL(options.target)
  const agent = new Agent({ keepAlive: true })
  let next = 0
  const calls = new CallTracker()

  const forward = (request: ProxiedRequest, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {}
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !HOP_HEADERS.has(name) && name !== 'expect') headers[name] = value as string | string[]
      }
      headers['content-length'] = String(body.length)
      const upstream = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent }, (response) => {
        readAll(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject)
      })
      upstream.on('error', reject)
      upstream.end(body)
    })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: await readAll(req) }
    const call = classifyRequest(service, request)
    const putRecords = service === 'kinesis' && call.operation === 'PutRecords' ? parsePutRecords(request.body) : undefined
    counter.request(service, call.operation, call.target, sdkAttempt(request.headers))
    const callKey = `${call.operation} ${call.target}`
    const decision: FaultDecision = decideFault(spec, {
      service,
      index: next++,
      call: calls.place(callKey, request.headers['amz-sdk-invocation-id'], callFaultKinds(service, call.operation)),
      operation: call.operation,
      entries: putRecords?.Records.length ?? 0,
    })
    if (decision.action !== 'forward') calls.met(callKey, decision.kind)
    const countFault = (kind: FaultKind) => counter.fault(service, kind, call.operation, call.target)
    switch (decision.action) {
      case 'forward':
        return send(res, await forward(request, request.body), request.method)
      case 'error':
        countFault(decision.kind)
        return send(res, awsErrorResponse(service, decision.kind, { method: request.method, target: call.target }), request.method)
      case 'reset':
        countFault(decision.kind)
        if (decision.kind === 'ResetAfterApply') await forward(request, request.body)
        res.socket?.destroy()
        return
      case 'partial':
        if (putRecords === undefined) return send(res, await forward(request, request.body))
        return send(
          res,
          await partialPutRecords(
            putRecords,
            decision.refused,
            (body) => forward(request, body),
            () => countFault(decision.kind),
          ),
        )
    }
  }

  const server: Server = createServer((req, res) => {
    // A service that cannot be reached (it is closing) looks like a dropped connection, as it would on AWS.
    handle(req, res).catch(() => res.socket?.destroy())
  })
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, LOCAL_HOST, () => resolve((server.address() as AddressInfo).port))
  })
  return {
    url: `http://${LOCAL_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        agent.destroy()
      }),
  }
}

/** The calls of each operation and target: SDK invocations (told apart by `amz-sdk-invocation-id`), and the kinds they met. */
class CallTracker {
  private readonly byKey = new Map<string, { path: number; calls: number; attempts: Map<string, { rank: number; attempt: number }>; met: Set<FaultKind> }>()

  /** The place of a request of call `invocation` (a request without one is a call of its own). */
  place(key: string, invocation: string | ReadonlyArray<string> | undefined, kinds: ReadonlyArray<FaultKind>): CallPlace {
    let entry = this.byKey.get(key)
    if (!entry) this.byKey.set(key, (entry = { path: this.byKey.size, calls: 0, attempts: new Map(), met: new Set() }))
    const unmet = kinds.filter((kind) => !entry.met.has(kind))
    const id = typeof invocation === 'string' ? invocation : undefined
    const seen = id === undefined ? undefined : entry.attempts.get(id)
    if (seen) {
      entry.attempts.set(id as string, { rank: seen.rank, attempt: seen.attempt + 1 })
      return { path: entry.path, rank: seen.rank, attempt: seen.attempt + 1, unmet }
    }
    const rank = entry.calls++
    if (id !== undefined) {
      entry.attempts.set(id, { rank, attempt: 0 })
      // An SDK call's attempts follow each other within seconds: the latest few hundred calls are enough to know.
      if (entry.attempts.size > 512) entry.attempts.delete(entry.attempts.keys().next().value as string)
    }
    return { path: entry.path, rank, attempt: 0, unmet }
  }

  met(key: string, kind: FaultKind): void {
    this.byKey.get(key)?.met.add(kind)
  }
}

/**
 * Forwards a PutRecords with only the entries let through, and answers with the service's results
 * merged with the refused entries'. A service that refuses the call as a whole (a missing stream,
 * a bad entry) has its answer stand, and no fault is counted.
 */
async function partialPutRecords(
  putRecords: PutRecordsBody,
  refused: Extract<FaultDecision, { action: 'partial' }>['refused'],
  forward: (body: Buffer) => Promise<Upstream>,
  countFault: () => void,
): Promise<Upstream | SyntheticResponse> {
  const body = forwardedPutRecords(putRecords, refused)
  const upstream = body === undefined ? undefined : await forward(body)
  if (upstream !== undefined && upstream.status !== 200) return upstream
  countFault()
  const result = upstream === undefined ? undefined : (JSON.parse(upstream.body.toString('utf8')) as PutRecordsResult)
  const merged = Buffer.from(JSON.stringify(mergePutRecordsResult(refused, result, streamOf(putRecords))))
  return { status: 200, headers: kinesisHeaders(), body: merged }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

/** Sends an answer read whole; a HEAD answer keeps the length of the body it describes. */
function send(res: ServerResponse, answer: Upstream | SyntheticResponse, method = 'POST'): void {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !HOP_HEADERS.has(name.toLowerCase())) headers[name] = value
  }
  const described = answer.headers['content-length']
  headers['content-length'] = method === 'HEAD' && typeof described === 'string' ? described : String(answer.body.length)
  res.writeHead(answer.status, headers)
  res.end(answer.body)
}
