import { setTimeout as wait } from 'node:timers/promises'
import { backoffDelay, checkRetryPolicy, type RetryPolicy } from './RetryPolicy.js'

/** What a retry loop waits and draws with; inject them to test without waiting. */
export interface RetryControls {
  /** Aborts the wait in progress (it rejects with the signal's reason) and every later one. */
  readonly signal?: AbortSignal
  /** Waits `ms`, rejecting when `signal` aborts. @default setTimeout of node:timers/promises */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number
  /** Clock for the deadline, ms. @default Date.now */
  readonly now?: () => number
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => wait(ms, undefined, signal ? { signal } : {})

/**
 * The pauses of one retry loop under a {@link RetryPolicy}: call {@link Backoff.pause} after a
 * failed attempt; it waits the jittered delay and answers whether another attempt may start.
 *
 * @example
 * const backoff = new Backoff(policy)
 * do { if (await tryOnce()) return } while (await backoff.pause())
 */
export class Backoff {
  readonly #policy: RetryPolicy
  readonly #controls: RetryControls
  readonly #startedAt: number
  #attempt = 1

  constructor(policy: RetryPolicy, controls: RetryControls = {}) {
    this.#policy = checkRetryPolicy(policy)
    this.#controls = controls
    this.#startedAt = (controls.now ?? Date.now)()
  }

  /** The attempt in progress, 1-based. */
  get attempt(): number {
    return this.#attempt
  }

  /**
   * Waits before the next attempt. Resolves false, at once, when the attempts are spent or the
   * wait would end past the deadline.
   *
   * @throws the signal's reason when it aborts, before or during the wait
   */
  async pause(): Promise<boolean> {
    const { signal, sleep = realSleep, random = Math.random, now = Date.now } = this.#controls
    signal?.throwIfAborted()
    if (this.#attempt >= this.#policy.maxAttempts) return false
    const ms = backoffDelay(this.#attempt, this.#policy, random)
    if (this.#policy.deadlineMs !== undefined && now() + ms > this.#startedAt + this.#policy.deadlineMs) return false
    await sleep(ms, signal)
    signal?.throwIfAborted()
    this.#attempt += 1
    return true
  }
}
