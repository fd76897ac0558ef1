import { fileURLToPath } from 'node:url'
import type { NexmarkEvent } from './model.js'
import { q5Oracle, q7Oracle, q8Oracle, q11Oracle, type OracleSettings } from './oracles.js'
import { NEW_SELLER_MS } from './q8.js'

/** One Nexmark query run as the platform runs a job: its file, how producers key its events, and its oracle. */
export interface NexmarkExample {
  /** The job's name (`GET /jobs/<name>/results`). */
  readonly job: string
  /** The job file `SDP_JOBS` takes. */
  readonly file: string
  /** The Kinesis partition key a producer gives an event (a join or session key must be the partition key). */
  partitionKey(event: NexmarkEvent, index: number): string
  /** The exact answer, as `<key>|<window start>` → value. */
  expected(events: readonly NexmarkEvent[]): Map<string, unknown>
}

/** The jobs' watermark bound; no generated event is late, so lateness does not matter. */
const SETTINGS: OracleSettings = { bound: 1_000, lateness: 0 }

const file = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url))

/** `<key>|<start>|<end>` → `<key>|<start>`: the results API names a window by its start per key. */
const byStart = <V>(oracle: ReadonlyMap<string, V>) => new Map([...oracle].map(([k, v]) => [k.split('|').slice(0, 2).join('|'), v as unknown]))

const anyShard = (_event: NexmarkEvent, index: number) => `e-${index}`

/** The examples `npm run example -- <query>` runs. */
export const NEXMARK_EXAMPLES: Readonly<Record<string, NexmarkExample>> = {
  q5: { job: 'nexmark-q5', file: file('q5'), partitionKey: anyShard, expected: (events) => byStart(q5Oracle(events, SETTINGS)) },
  q7: { job: 'nexmark-q7', file: file('q7'), partitionKey: anyShard, expected: (events) => byStart(q7Oracle(events, SETTINGS)) },
  q8: {
    job: 'nexmark-q8',
    file: file('q8'),
    // The join is per person: persons keyed by id, auctions by seller (the join key itself, as the job checks).
    partitionKey: (e, i) => (e.type === 'person' ? String(e.id) : e.type === 'auction' ? String(e.seller) : `e-${i}`),
    expected: (events) => byStart(q8Oracle(events, NEW_SELLER_MS)),
  },
  q11: {
    job: 'nexmark-q11',
    file: file('q11'),
    // Sessions are per shard: a bidder's bids on one.
    partitionKey: (e, i) => (e.type === 'bid' ? `b-${e.bidder}` : `e-${i}`),
    expected: (events) => byStart(q11Oracle(events)),
  },
}

/** How the results differ from the oracle, by `<key>|<window start>`. */
export interface ResultsDiff {
  readonly missing: readonly string[]
  readonly unexpected: readonly string[]
  readonly different: ReadonlyArray<{ readonly window: string; readonly expected: unknown; readonly got: unknown }>
}

/** Object keys sorted, so equal values compare equal whatever the order a store gave their fields. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  )

/** The difference between the results and the oracle: empty lists when they are equal. */
export function diffResults(expected: ReadonlyMap<string, unknown>, got: ReadonlyMap<string, unknown>): ResultsDiff {
  const missing = [...expected.keys()].filter((k) => !got.has(k)).sort()
  const unexpected = [...got.keys()].filter((k) => !expected.has(k)).sort()
  const different = [...expected]
    .filter(([k, v]) => got.has(k) && canonical(got.get(k)) !== canonical(v))
    .map(([window, v]) => ({ window, expected: v, got: got.get(window) }))
  return { missing, unexpected, different }
}

export const isEmptyDiff = (d: ResultsDiff) => d.missing.length === 0 && d.unexpected.length === 0 && d.different.length === 0
