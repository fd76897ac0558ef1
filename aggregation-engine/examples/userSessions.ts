// README example 3: a job for the Lambda adapter in a few lines — page views per user session
// (30 minutes of inactivity closes one), with sessions that stay open across Lambda windows.
import { count, defineWindowJob, InMemoryStateBackend, planWindowInvocation, runWindowInvocation, sessionWindows, type KinesisWindowEvent } from '../src/index.js'

type PageView = { user: string; page: string; ts: number }

export const sessionsJob = defineWindowJob({
  name: 'user-sessions',
  version: 1,
  parse: (v) => {
    const e = v as Partial<PageView> & { type?: string }
    if (e.type === 'heartbeat' && typeof e.ts === 'number') return { kind: 'heartbeat', ts: e.ts }
    if (typeof e.user !== 'string' || typeof e.page !== 'string') return { kind: 'invalid', reason: 'user and page must be strings' }
    return { kind: 'event', event: { user: e.user, page: e.page, ts: e.ts as number } }
  },
  timestamp: (e) => e.ts,
  watermark: { bound: 5_000 },
  key: (e) => e.user,
  assigner: sessionWindows({ gap: 30 * 60_000 }),
  aggregate: count(),
  allowedLateness: 60 * 60_000,
})

/** Runs each Lambda window's records as one final invocation, as the stream-runtime handler does with a real backend. */
export function userSessions(lambdaWindows: Array<Array<PageView | { type: 'heartbeat'; ts: number }>>) {
  const backend = new InMemoryStateBackend()
  const results = []
  let n = 0
  for (const values of lambdaWindows) {
    const event: KinesisWindowEvent = {
      shardId: 'shardId-000000000000',
      Records: values.map((value) => ({
        kinesis: {
          data: btoa(JSON.stringify(value)),
          partitionKey: 'user' in value ? value.user : 'heartbeat',
          sequenceNumber: String(++n).padStart(21, '0'),
          approximateArrivalTimestamp: n,
        },
      })),
      window: { start: '', end: '' },
      isFinalInvokeForWindow: true,
      isWindowTerminatedEarly: false,
    }
    const plan = planWindowInvocation(event, sessionsJob)
    const result = runWindowInvocation(event, sessionsJob, backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
    backend.write(result.segment) // the carry, with the open sessions, for the next Lambda window
    results.push(...result.emitted.map((r) => ({ user: r.key, start: r.window.start, end: r.window.end, views: r.value, firing: r.firing })))
  }
  return results
}
