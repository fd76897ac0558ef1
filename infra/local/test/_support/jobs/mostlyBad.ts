// Test support: a job that throws on four records in five (those whose `n` is not a multiple of 5),
// as a job with a bug on most of its input would.
import { count, defineWindowJob, tumblingWindows, type ParseResult } from '@sdp/aggregation-engine'

interface Reading {
  readonly n: number
  readonly ts: number
}

export default defineWindowJob({
  name: 'mostly-bad',
  version: 1,
  parse: (value): ParseResult<Reading> => {
    const v = value as { type?: unknown; n?: unknown; ts?: unknown }
    if (typeof v.ts !== 'number') return { kind: 'invalid', reason: 'ts must be a number' }
    if (typeof v.n !== 'number') return { kind: 'heartbeat', ts: v.ts }
    if (v.n % 5 !== 0) throw new Error(`cannot read reading ${v.n}`)
    return { kind: 'event', event: { n: v.n, ts: v.ts } }
  },
  timestamp: (r: Reading) => r.ts,
  watermark: { bound: 1000 },
  key: () => 'all',
  assigner: tumblingWindows({ size: 60_000 }),
  aggregate: count(),
})
