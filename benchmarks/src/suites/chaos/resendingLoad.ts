// Paced load for the chaos suite: events at a fixed rate in `POST /events` batches, each batch
// resent until it is answered 200, as a client must (a refused connection while the platform is
// down, a reset, a 5xx: all resent whole; the API counts a (type, tx_id) once).
import { HttpClient } from '../../load/HttpClient.js'
import { ChaosExpected, nextBatch, type ChaosBatch } from './chaosTraffic.js'

/** Settings of {@link runResendingLoad}. */
export interface ResendingLoadOptions {
  readonly url: string
  /** Offered distinct events per second. */
  readonly rate: number
  readonly durationMs: number
  /** Most events per request (transactions are never split). */
  readonly batchEvents: number
  /** Most requests in flight. */
  readonly connections: number
  readonly campaigns: number
  readonly campaignBase: number
}

/** What a load run did. */
export interface ResendingLoadResult {
  readonly expected: ChaosExpected
  readonly batches: number
  readonly requests: number
  /** Requests of a batch after its first. */
  readonly resends: number
  /** Answers other than 200, by status (`0 <error>` when no response came). */
  readonly notOk: Readonly<Record<string, number>>
  /** `performance.now()` of the first request and of the last 200. */
  readonly firstSentAt: number
  readonly lastAckedAt: number
  /** Most batches waiting for a connection at once: a backlog while the platform was down. */
  readonly maxQueued: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves once every batch the run generated has been answered 200. */
export async function runResendingLoad(options: ResendingLoadOptions): Promise<ResendingLoadResult> {
  const client = new HttpClient({ connections: options.connections, timeoutMs: 30_000 })
  const expected = new ChaosExpected()
  const queue: ChaosBatch[] = []
  const notOk: Record<string, number> = {}
  let batches = 0
  let requests = 0
  let resends = 0
  let maxQueued = 0
  let lastAckedAt = 0
  let producing = true
  let waiting: Array<() => void> = []
  const wake = () => {
    const woken = waiting
    waiting = []
    for (const resolve of woken) resolve()
  }
  const started = performance.now()

  const produce = async () => {
    let next = 0
    let generated = 0
    for (;;) {
      const elapsed = performance.now() - started
      const due = (Math.min(elapsed, options.durationMs) / 1000) * options.rate
      while (generated < due) {
        const cut = nextBatch(next, options.batchEvents, options.campaigns, options.campaignBase, expected)
        next = cut.next
        generated += cut.batch.distinct
        queue.push(cut.batch)
        batches++
      }
      maxQueued = Math.max(maxQueued, queue.length)
      wake()
      if (elapsed >= options.durationMs) break
      await sleep(20)
    }
    producing = false
    wake()
  }

  const send = async (batch: ChaosBatch) => {
    const body = JSON.stringify(batch.events)
    for (let attempt = 1; ; attempt++) {
      requests++
      if (attempt > 1) resends++
      const result = await client.request('POST', `${options.url}/events`, body)
      if (result.status === 200) {
        lastAckedAt = performance.now()
        return
      }
      const key = result.status === 0 ? `0 ${(result.error ?? '').split(' ').slice(0, 2).join(' ')}` : String(result.status)
      notOk[key] = (notOk[key] ?? 0) + 1
      // Down or refusing: back off a little so a dead port is not spun on.
      await sleep(result.status === 0 ? 200 : 50)
    }
  }

  const worker = async () => {
    for (;;) {
      const batch = queue.shift()
      if (batch) {
        await send(batch)
        continue
      }
      if (!producing) return
      await new Promise<void>((resolve) => waiting.push(resolve))
    }
  }

  try {
    await Promise.all([produce(), ...Array.from({ length: options.connections }, worker)])
  } finally {
    client.close()
  }
  return { expected, batches, requests, resends, notOk, firstSentAt: started, lastAckedAt, maxQueued }
}
