/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

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

/** p50/p95/p99 (nearest rank), max and mean of a list of milliseconds, rounded to 0.01 ms. */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN }
  const sorted = Float64Array.from(values).sort()
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
  const round = (n: number) => Math.round(n * 100) / 100
  let sum = 0
  for (const v of sorted) sum += v
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1] as number), mean: round(sum / sorted.length) }
}
