import type { Json } from '../types.js'
import type { WindowJob } from './WindowJob.js'
import { LAMBDA_STATE_VERSION } from './constants.js'

/**
 * The adapter's envelope in Lambda's `state`: format version, job name and version, the job's
 * snapshot, the first/last sequence numbers not yet covered by a flushed partial, and the state
 * writes not yet stored with the first sequence number of the records that made them.
 */
interface Envelope {
  v: number
  job: string
  jv: number
  s?: Json
  f?: string
  t?: string
  /** Last sequence number processed in this Lambda window: lets a warm cache check it is current. */
  l?: string
  /** State writes carried to the window's segment, as `[key, value]` pairs. */
  p?: [string, Json][]
  /** First sequence number of the records whose writes `p` holds. */
  pf?: string
}

/** What {@link openEnvelope} recovered; `problem` is set when the state existed but could not be read. */
export interface OpenedEnvelope {
  readonly snapshot: Json | undefined
  readonly from: string | undefined
  readonly to: string | undefined
  readonly last: string | undefined
  /** State writes carried from earlier invocations of the window, not yet in any segment. */
  readonly pending: ReadonlyMap<string, Json>
  readonly pendingFirst: string | undefined
  readonly problem?: string
}

/** State writes of earlier invocations of a window that are still to be stored. */
export interface CarriedWrites {
  readonly first: string
  readonly writes: ReadonlyMap<string, Json>
}

const NONE: ReadonlyMap<string, Json> = new Map()
const EMPTY: OpenedEnvelope = { snapshot: undefined, from: undefined, to: undefined, last: undefined, pending: NONE, pendingFirst: undefined }

/** Reads Lambda's `state`; `{}` or a missing state is a fresh window, anything unreadable is reported, never thrown. */
export function openEnvelope(state: unknown, job: WindowJob<unknown, unknown>): OpenedEnvelope {
  if (state === undefined || state === null) return EMPTY
  if (typeof state !== 'object' || Array.isArray(state)) return { ...EMPTY, problem: 'state is not an object' }
  const env = state as Partial<Envelope>
  if (Object.keys(env).length === 0) return EMPTY
  if (env.v !== LAMBDA_STATE_VERSION) return { ...EMPTY, problem: `state format version ${String(env.v)} is not ${LAMBDA_STATE_VERSION}` }
  if (env.job !== job.name) return { ...EMPTY, problem: `state belongs to job "${String(env.job)}", not "${job.name}"` }
  const carried = openCarried(env)
  if (typeof carried === 'string') return { ...EMPTY, problem: carried }
  // Writes already made are kept even when the snapshot cannot be used: only a segment may drop them.
  if (env.jv !== job.version) return { ...EMPTY, ...carried, problem: `job snapshot version ${String(env.jv)} is not ${job.version}` }
  for (const seq of [env.f, env.t, env.l]) {
    if (seq !== undefined && typeof seq !== 'string') return { ...EMPTY, ...carried, problem: 'sequence numbers are not strings' }
  }
  return { snapshot: env.s, from: env.f, to: env.t, last: env.l, ...carried }
}

/** The carried writes of an envelope, or what is wrong with them. */
function openCarried(env: Partial<Envelope>): Pick<OpenedEnvelope, 'pending' | 'pendingFirst'> | string {
  if (env.p === undefined && env.pf === undefined) return { pending: NONE, pendingFirst: undefined }
  const pairs = env.p
  if (typeof env.pf !== 'string' || !Array.isArray(pairs) || !pairs.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string')) {
    return 'carried state writes are malformed'
  }
  return { pending: new Map(pairs), pendingFirst: env.pf }
}

/** Builds the envelope to return as Lambda's `state`. */
export function sealEnvelope(
  job: WindowJob<unknown, unknown>,
  snapshot: Json | undefined,
  from: string | undefined,
  to: string | undefined,
  last: string | undefined,
  carried?: CarriedWrites,
): { [key: string]: Json } {
  const env: { [key: string]: Json } = { v: LAMBDA_STATE_VERSION, job: job.name, jv: job.version }
  if (snapshot !== undefined) env.s = snapshot
  if (from !== undefined && to !== undefined) {
    env.f = from
    env.t = to
  }
  if (last !== undefined) env.l = last
  if (carried !== undefined && carried.writes.size > 0) {
    env.p = [...carried.writes]
    env.pf = carried.first
  }
  return env
}

/** The last sequence number an earlier invocation of this Lambda window processed, read from its `state`. */
export function lastSequenceOf(state: unknown): string | undefined {
  const l = (state as { l?: unknown } | null | undefined)?.l
  return typeof l === 'string' ? l : undefined
}
