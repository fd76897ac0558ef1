import type { ServerResponse } from 'node:http'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import type { HttpMethod } from './httpServer.js'

/** One server-sent event: its name and its data, sent as one line of JSON. */
export interface ServerSentEvent {
  readonly event: string
  readonly data: unknown
}

/**
 * A stream the route has accepted to send: it runs until it returns, calling `send` for each
 * event; `signal` aborts when the client goes away or the server closes, and it must return soon after.
 */
export type EventStream = (send: (event: ServerSentEvent) => void, signal: AbortSignal) => Promise<void>

/**
 * A local-only route that answers with Server-Sent Events (API Gateway's REST proxy cannot stream):
 * `open` refuses with a proxy result (a 400, say) before anything is sent, or accepts with the
 * stream to send.
 */
export interface EventStreamRouteDefinition {
  readonly method: HttpMethod
  /** Resource template, as for a proxy route. */
  readonly resource: string
  readonly open: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult | EventStream>
}

/** `event: <name>` and `data: <json>` lines, then the blank line that ends the event. */
export const eventFrame = (e: ServerSentEvent): string => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`

/**
 * Sends `stream` as `text/event-stream` on `response` until it returns or the client closes the
 * connection (which aborts it); `stop` aborts it as well, for the server's close. A stream that throws
 * ends with an `error` event (logged by `onError`). Resolves once the stream has returned.
 */
export async function sendEventStream(response: ServerResponse, stream: EventStream, stop: AbortSignal, onError: (error: unknown) => void): Promise<void> {
  const controller = new AbortController()
  const abort = () => controller.abort()
  response.on('close', abort)
  stop.addEventListener('abort', abort)
  if (stop.aborted) abort() // opened while the server closes
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  })
  response.flushHeaders()
  const send = (e: ServerSentEvent) => {
    if (!response.writableEnded) response.write(eventFrame(e))
  }
  try {
    await stream(send, controller.signal)
  } catch (error) {
    onError(error)
    send({ event: 'error', data: { message: 'Internal server error' } })
  } finally {
    stop.removeEventListener('abort', abort)
    response.end()
  }
}
