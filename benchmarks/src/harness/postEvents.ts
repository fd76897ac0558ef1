// Sends events to a running platform's `POST /events`, the way a batching ad server would.

/** What {@link postEvents} sent. */
export interface PostedEvents {
  readonly events: number
  readonly requests: number
  /** Requests answered 429 or 503 and sent again. */
  readonly retries: number
  readonly seconds: number
}

/** Options of {@link postEvents}. */
export interface PostEventsOptions {
  /** Requests in flight at once. @default 2 */
  readonly inFlight?: number
  /** Called after each acknowledged request with the events acknowledged so far. */
  readonly onProgress?: (events: number) => void
}

const RETRY_STATUSES = new Set([429, 503])

/**
 * Posts each batch (1–500 events; an async iterable may pace them) to `{url}/events` as a JSON array, at most `inFlight` at a time
 * and taken in order, so events reach the stream nearly in the order given. A 429 or 503 is sent
 * again whole after its `retry-after` (ingest de-duplicates by type and tx_id downstream, so a
 * resend counts once); any other answer but 200 throws.
 */
export async function postEvents(
  url: string,
  batches: Iterable<readonly object[]> | AsyncIterable<readonly object[]>,
  options: PostEventsOptions = {},
): Promise<PostedEvents> {
  const started = performance.now()
  const it = Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : batches[Symbol.iterator]()
  const sent = { events: 0, requests: 0, retries: 0 }
  const send = async (batch: readonly object[]): Promise<void> => {
    const body = JSON.stringify(batch)
    for (;;) {
      const res = await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      const text = await res.text()
      sent.requests++
      if (res.status === 200) break
      if (!RETRY_STATUSES.has(res.status)) throw new Error(`POST /events answered ${res.status}: ${text.slice(0, 300)}`)
      sent.retries++
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get('retry-after') ?? 1)))
    }
    sent.events += batch.length
    options.onProgress?.(sent.events)
  }
  const worker = async () => {
    for (let next = await it.next(); !next.done; next = await it.next()) await send(next.value)
  }
  await Promise.all(Array.from({ length: options.inFlight ?? 2 }, worker))
  return { ...sent, seconds: (performance.now() - started) / 1000 }
}
