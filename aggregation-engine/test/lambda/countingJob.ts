// A minimal job for adapter tests: counts distinct events (de-duplicated through external state)
// per key in one-minute event-time windows. Deliberately independent of the window operator.
import type { Json } from '../../src/types.js'
import type { FlushedAccumulator, WindowJob } from '../../src/lambda/WindowJob.js'

export interface CountEvent {
  id: string
  key: string
  ts: number
}
const MINUTE = 60_000

export const countingJob: WindowJob<CountEvent, string> = {
  name: 'counting',
  version: 1,
  parse(value, partitionKey) {
    if (typeof value !== 'object' || value === null) return { kind: 'invalid', reason: 'not an object' }
    const v = value as Record<string, unknown>
    if (v.type === 'heartbeat' && typeof v.ts === 'number') return { kind: 'heartbeat', ts: v.ts }
    if (typeof v.id !== 'string') return { kind: 'invalid', reason: 'id must be a string' }
    if (v.id !== partitionKey) return { kind: 'invalid', reason: 'the partition key must be the id' }
    if (typeof v.key !== 'string') return { kind: 'invalid', reason: 'key must be a string' }
    if (!Number.isInteger(v.ts)) return { kind: 'invalid', reason: 'ts must be an integer' }
    return { kind: 'event', event: { id: v.id, key: v.key, ts: v.ts as number } }
  },
  stateKeys: (partitionKey) => [`id:${partitionKey}`],
  open({ snapshot, carry, state }) {
    const counts = new Map<string, number>(snapshot ? (snapshot as { c: [string, number][] }).c : [])
    let maxTs = snapshot ? (snapshot as { m: number }).m : typeof carry === 'number' ? carry : -1
    let duplicates = 0
    const emitted: string[] = []
    return {
      process(e) {
        if (state.get(`id:${e.id}`) !== undefined) {
          duplicates++
          return
        }
        state.set(`id:${e.id}`, 1)
        const k = `${e.key}|${Math.floor(e.ts / MINUTE) * MINUTE}`
        counts.set(k, (counts.get(k) ?? 0) + 1)
        maxTs = Math.max(maxTs, e.ts)
        emitted.push(e.id)
      },
      heartbeat(ts) {
        maxTs = Math.max(maxTs, ts)
      },
      estimatedBytes: () => counts.size * 40,
      flush() {
        const out: FlushedAccumulator[] = []
        for (const [k, n] of counts) {
          const [key, start] = k.split('|') as [string, string]
          out.push({ key, window: { start: Number(start), end: Number(start) + MINUTE }, accumulator: n })
        }
        counts.clear()
        return out
      },
      takeOutputs: () => ({ emitted: emitted.splice(0), late: [] }),
      snapshot: (): Json => ({ c: [...counts], m: maxTs }),
      carry: () => maxTs,
      counters: () => ({ duplicates }),
    }
  },
}
