import { summarizeLatencies, type LatencySummary } from '../harness/measure.js'

/** What happened to the events a run tried to send. */
export interface EventTally {
  /** Acknowledged by the API: on the stream. */
  written: number
  /** Answered with an error that says they were not written (4xx, 429/503, or listed in `notWritten`). */
  refused: number
  /** No answer that says either way (network error, timeout, 5xx without details). */
  unknown: number
  /** Never sent: still queued when the run's drain time ran out (the API was slower than the offered load). */
  unsent: number
}

/** Counters of one load run, shared by the sender and the reporting. */
export class LoadStats {
  requests = 0
  /** Responses per status code; `error` for requests that got no response. */
  readonly statuses = new Map<string, number>()
  readonly events: EventTally = { written: 0, refused: 0, unknown: 0, unsent: 0 }
  /** Request latencies in ms, in completion order. */
  readonly latencies: number[] = []
  /** First error message seen per status, to show what went wrong. */
  readonly sampleErrors = new Map<string, string>()
  firstSentAt: number | undefined
  lastAnsweredAt: number | undefined

  /** Records one finished request. */
  answered(status: number, ms: number, detail: string | undefined, at: number): void {
    this.requests++
    const key = status === 0 ? 'error' : String(status)
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1)
    if (status !== 200 && detail !== undefined && !this.sampleErrors.has(key)) this.sampleErrors.set(key, detail.slice(0, 300))
    this.latencies.push(ms)
    this.lastAnsweredAt = at
  }

  /** Seconds from the first request sent to the last response. */
  seconds(): number {
    return this.firstSentAt === undefined || this.lastAnsweredAt === undefined ? 0 : (this.lastAnsweredAt - this.firstSentAt) / 1000
  }

  /** Percentiles of the request latencies (NaN without requests). */
  latency(): LatencySummary {
    return summarizeLatencies(this.latencies)
  }
}
