import type { HttpClient, HttpResult } from './HttpClient.js'
import type { LoadStats } from './LoadStats.js'
import { EVENT_ROUTES, eventBody, type EventKind, type UserPlan } from './scenario.js'

/** What became of one event: on the stream, certainly not, unknown, or never sent (the run ended first). */
export type SendOutcome = 'written' | 'refused' | 'unknown' | 'unsent'

interface Pending {
  readonly plan: UserPlan
  readonly kind: EventKind
  readonly resolve: (outcome: SendOutcome) => void
}

/** Options of {@link EventSender}. */
export interface EventSenderOptions {
  /** API base URL without a trailing slash. */
  readonly url: string
  /** Events per request: 1 uses the single-event routes, more posts `/events`. */
  readonly batch: number
  /** Most requests in flight. */
  readonly connections: number
}

/**
 * Sends events with at most `connections` requests in flight. Events wait in a FIFO queue while
 * every connection is busy; with `batch > 1` a freed connection takes up to `batch` queued events
 * as one `POST /events`, so batches fill exactly as fast as the API falls behind (no linger timer).
 */
export class EventSender {
  private queue: Pending[] = []
  private head = 0
  private busy = 0
  private closed = false
  private peakQueued = 0

  constructor(
    private readonly client: HttpClient,
    private readonly options: EventSenderOptions,
    private readonly stats: LoadStats,
  ) {}

  /** Requests in flight now. */
  get inFlight(): number {
    return this.busy
  }

  /** Events waiting for a connection. */
  get queued(): number {
    return this.queue.length - this.head
  }

  /** The longest the queue has been. */
  get maxQueued(): number {
    return this.peakQueued
  }

  /** Queues one event; resolves once the API answered the request that carried it. */
  send(plan: UserPlan, kind: EventKind): Promise<SendOutcome> {
    if (this.closed) return this.unsent()
    return new Promise((resolve) => {
      this.queue.push({ plan, kind, resolve })
      this.peakQueued = Math.max(this.peakQueued, this.queued)
      this.pump()
    })
  }

  /**
   * Stops sending: queued events and any sent later resolve `unsent` (they never left this
   * process, so they count nowhere); requests in flight finish normally.
   */
  close(): void {
    this.closed = true
    const dropped = this.queue.slice(this.head)
    this.queue = []
    this.head = 0
    for (const item of dropped) {
      this.stats.events.unsent++
      item.resolve('unsent')
    }
  }

  private unsent(): Promise<SendOutcome> {
    this.stats.events.unsent++
    return Promise.resolve('unsent')
  }

  private pump(): void {
    while (this.busy < this.options.connections && this.queued > 0) {
      const items = this.queue.slice(this.head, this.head + this.options.batch)
      this.head += items.length
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head)
        this.head = 0
      }
      this.busy++
      void this.dispatch(items).finally(() => {
        this.busy--
        this.pump()
      })
    }
  }

  private async dispatch(items: Pending[]): Promise<void> {
    const single = this.options.batch === 1
    const body = single ? JSON.stringify(withoutType(eventBody(items[0]!.plan, items[0]!.kind))) : JSON.stringify(items.map((i) => eventBody(i.plan, i.kind)))
    const path = single ? EVENT_ROUTES[items[0]!.kind] : '/events'
    this.stats.firstSentAt ??= performance.now()
    const result = await this.client.request('POST', `${this.options.url}${path}`, body)
    this.stats.answered(result.status, result.ms, result.error ?? (result.status === 200 ? undefined : result.body), performance.now())
    const outcomes = outcomesOf(result, items.length)
    items.forEach((item, i) => {
      const outcome = outcomes[i] ?? 'unknown'
      this.stats.events[outcome]++
      item.resolve(outcome)
    })
  }
}

/**
 * The outcome of each of `count` events carried by one request: 200 wrote them all; an answer
 * listing `notWritten` indexes (the ingest API's 429/503/500 on `/events`) wrote the others; any
 * other 4xx, a 503 or a refused connection wrote none; anything else (no response, 500, 502,
 * 504) may have written them.
 */
export function outcomesOf(result: HttpResult, count: number): SendOutcome[] {
  if (result.status === 200) return new Array<SendOutcome>(count).fill('written')
  if (result.status === 0 && result.error?.includes('ECONNREFUSED')) return new Array<SendOutcome>(count).fill('refused')
  const notWritten = notWrittenOf(result.body)
  if (notWritten) return Array.from({ length: count }, (_, i) => (notWritten.has(i) ? 'refused' : 'written'))
  const refused = (result.status >= 400 && result.status < 500) || result.status === 503
  return new Array<SendOutcome>(count).fill(refused ? 'refused' : 'unknown')
}

function notWrittenOf(body: string): Set<number> | undefined {
  if (!body.includes('notWritten')) return undefined
  try {
    const parsed = JSON.parse(body) as { notWritten?: unknown }
    return Array.isArray(parsed.notWritten) && parsed.notWritten.every((n) => Number.isInteger(n)) ? new Set(parsed.notWritten as number[]) : undefined
  } catch {
    return undefined
  }
}

function withoutType(body: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, ...rest } = body
  return rest
}
