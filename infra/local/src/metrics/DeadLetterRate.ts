import type { MetricSink } from '@sdp/service-kit'

/** An EMF blob as the handlers' metrics publish it. */
type EmfOutput = Parameters<MetricSink>[0]

/** Seconds the rate looks back over: about the 1-minute period of a CloudWatch metric. */
export const DEAD_LETTER_RATE_SECONDS = 60

/** A consumer's records and dead letters over the last {@link DEAD_LETTER_RATE_SECONDS}, and their ratio. */
export interface DeadLetterRateSnapshot {
  readonly recordsLastMinute: number
  readonly deadLettersLastMinute: number
  /** Dead letters per record (0 without records). */
  readonly deadLetterRateLastMinute: number
}

/** The value of a counter in an EMF blob: Powertools writes a number, or an array when a metric was added twice. */
function counterOf(emf: EmfOutput, name: string): number {
  const value = (emf as unknown as Record<string, unknown>)[name]
  if (typeof value === 'number') return value
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + (typeof v === 'number' ? v : 0), 0)
  return 0
}

/**
 * One consumer's dead-letter rate over a sliding minute, fed with the `records` (less the
 * `heartbeats`) and `deadLetters` counters every handler publishes per invocation (the metrics
 * the AWS dead-letter alarm divides).
 * Counts are kept per second in a ring; time is passed in.
 *
 * @example
 * const rate = new DeadLetterRate()
 * rate.add(Date.now(), 100, 80)
 * rate.snapshot(Date.now()).deadLetterRateLastMinute // 0.8
 */
export class DeadLetterRate {
  private readonly records: number[]
  private readonly deadLetters: number[]
  /** The last second whose slot holds counts, or undefined before the first. */
  private lastSecond: number | undefined

  constructor(private readonly seconds = DEAD_LETTER_RATE_SECONDS) {
    if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError(`seconds must be a whole number of at least 1, got ${seconds}`)
    this.records = new Array<number>(seconds).fill(0)
    this.deadLetters = new Array<number>(seconds).fill(0)
  }

  /** Counts an invocation's records and dead letters at `nowMs`. */
  add(nowMs: number, records: number, deadLetters: number): void {
    const second = this.advance(nowMs)
    const slot = second % this.seconds
    this.records[slot] = (this.records[slot] as number) + records
    this.deadLetters[slot] = (this.deadLetters[slot] as number) + deadLetters
  }

  /** Counts the `records` and `deadLetters` of a published EMF blob. */
  addEmf(nowMs: number, emf: EmfOutput): void {
    // Heartbeats are records too, but locally a shard gets one a second: counted, they would bury
    // a job's bad data (on AWS they come once a minute).
    const records = counterOf(emf, 'records') - counterOf(emf, 'heartbeats')
    const deadLetters = counterOf(emf, 'deadLetters')
    if (records > 0 || deadLetters > 0) this.add(nowMs, records, deadLetters)
  }

  /** The sums over the seconds `(now - seconds, now]`. */
  snapshot(nowMs: number): DeadLetterRateSnapshot {
    this.advance(nowMs)
    const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0)
    const records = sum(this.records)
    const deadLetters = sum(this.deadLetters)
    return { recordsLastMinute: records, deadLettersLastMinute: deadLetters, deadLetterRateLastMinute: records === 0 ? 0 : deadLetters / records }
  }

  /** Zeroes the slots of the seconds that passed since the last count; a clock stepping back counts into the latest second. */
  private advance(nowMs: number): number {
    const second = Math.max(Math.floor(nowMs / 1000), this.lastSecond ?? 0)
    const from = this.lastSecond === undefined ? second - this.seconds + 1 : Math.max(this.lastSecond + 1, second - this.seconds + 1)
    for (let s = from; s <= second; s++) {
      this.records[s % this.seconds] = 0
      this.deadLetters[s % this.seconds] = 0
    }
    this.lastSecond = second
    return second
  }
}
