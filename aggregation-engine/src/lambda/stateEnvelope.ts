import type { Json } from '../types.js'
import type { WindowJob } from './WindowJob.js'
import { LAMBDA_STATE_VERSION } from './constants.js'

/**
 * The adapter's envelope in Lambda's `state`: format version, job name and version, the job's
 * snapshot, and the first/last sequence numbers not yet covered by a flushed partial.
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
}

/** What {@link openEnvelope} recovered; `problem` is set when the state existed but could not be read. */
export interface OpenedEnvelope {
  readonly snapshot: Json | undefined
  readonly from: string | undefined
  readonly to: string | undefined
  readonly last: string | undefined
  readonly problem?: string
}

const EMPTY: OpenedEnvelope = { snapshot: undefined, from: undefined, to: undefined, last: undefined }

/** Reads Lambda's `state`; `{}` or a missing state is a fresh window, anything unreadable is reported, never thrown. */
export function openEnvelope(state: unknown, job: WindowJob<unknown, unknown>): OpenedEnvelope {
  if (state === undefined || state === null) return EMPTY
  if (typeof state !== 'object' || Array.isArray(state)) return { ...EMPTY, problem: 'state is not an object' }
  const env = state as Partial<Envelope>
  if (Object.keys(env).length === 0) return EMPTY
  if (env.v !== LAMBDA_STATE_VERSION) return { ...EMPTY, problem: `state format version ${String(env.v)} is not ${LAMBDA_STATE_VERSION}` }
  if (env.job !== job.name) return { ...EMPTY, problem: `state belongs to job "${String(env.job)}", not "${job.name}"` }
  if (env.jv !== job.version) return { ...EMPTY, problem: `job snapshot version ${String(env.jv)} is not ${job.version}` }
  for (const seq of [env.f, env.t, env.l]) {
    if (seq !== undefined && typeof seq !== 'string') return { ...EMPTY, problem: 'sequence numbers are not strings' }
  }
  return { snapshot: env.s, from: env.f, to: env.t, last: env.l }
}

/** Builds the envelope to return as Lambda's `state`. */
export function sealEnvelope(
  job: WindowJob<unknown, unknown>,
  snapshot: Json | undefined,
  from: string | undefined,
  to: string | undefined,
  last: string | undefined,
): { [key: string]: Json } {
  const env: { [key: string]: Json } = { v: LAMBDA_STATE_VERSION, job: job.name, jv: job.version }
  if (snapshot !== undefined) env.s = snapshot
  if (from !== undefined && to !== undefined) {
    env.f = from
    env.t = to
  }
  if (last !== undefined) env.l = last
  return env
}

/** The last sequence number an earlier invocation of this Lambda window processed, read from its `state`. */
export function lastSequenceOf(state: unknown): string | undefined {
  const l = (state as { l?: unknown } | null | undefined)?.l
  return typeof l === 'string' ? l : undefined
}
