// The client of the local platform's POST /sql/live: one request per query, its rows as Server-Sent Events.
import { EventSourceParserStream } from 'eventsource-parser/stream'
import type { ResultColumn, RowUpdate } from '../../src/reports/sqlResults.js'

/** A query the compiler refused: where, and why. */
export interface QueryRefusal {
  readonly message: string
  readonly line: number
  readonly column: number
  readonly reason: string
}

/** What a live query tells the page. */
export interface LiveQueryEvents {
  readonly onStart: (start: { columns: ResultColumn[]; plan: string }) => void
  readonly onRows: (rows: { updates: RowUpdate[]; late: number }) => void
  /** The compiler refused the query (400 with a position). */
  readonly onRefused: (refusal: QueryRefusal) => void
  /** Anything else that ended the query: a bad answer, a lost connection, a stream the platform cannot read. */
  readonly onFailed: (message: string) => void
  /** The platform ended the stream (it stopped). */
  readonly onEnded: () => void
}

/** A running query; `stop` closes its request, which stops it on the platform. */
export interface LiveQuery {
  stop(): void
}

async function refusalOf(response: Response): Promise<QueryRefusal | string> {
  const text = await response.text()
  try {
    const body = JSON.parse(text) as Partial<QueryRefusal> & { error?: string; errors?: Array<{ field: string; message: string }> }
    if (typeof body.line === 'number' && typeof body.column === 'number') return body as QueryRefusal
    const details = (body.errors ?? []).map((e) => `${e.field} ${e.message}`).join('; ')
    return `${body.error ?? `${response.status} ${response.statusText}`}${details ? `: ${details}` : ''}`
  } catch {
    return `${response.status} ${response.statusText}`
  }
}

async function follow(response: Response, events: LiveQueryEvents, signal: AbortSignal): Promise<void> {
  if (response.status !== 200 || response.body === null) {
    const refusal = await refusalOf(response)
    if (typeof refusal === 'string') events.onFailed(refusal)
    else events.onRefused(refusal)
    return
  }
  // A reader loop: async iteration of streams is missing in the older browsers the bundle targets.
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader()
  for (;;) {
    const { done, value: message } = await reader.read()
    if (done) break
    const data: unknown = JSON.parse(message.data)
    if (message.event === 'start') events.onStart(data as { columns: ResultColumn[]; plan: string })
    else if (message.event === 'rows') events.onRows(data as { updates: RowUpdate[]; late: number })
    else if (message.event === 'error') events.onFailed((data as { message: string }).message)
  }
  if (!signal.aborted) events.onEnded()
}

/** Starts `sql` on the platform at `base` (an absolute URL ending in `/`). */
export function startLiveQuery(base: string, sql: string, events: LiveQueryEvents): LiveQuery {
  const controller = new AbortController()
  const signal = controller.signal
  fetch(new URL('sql/live', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ sql }),
    cache: 'no-store',
    signal,
  })
    .then((response) => follow(response, events, signal))
    .catch((error: unknown) => {
      if (!signal.aborted) events.onFailed(`the platform could not be reached (${(error as Error).message})`)
    })
  return { stop: () => controller.abort() }
}
