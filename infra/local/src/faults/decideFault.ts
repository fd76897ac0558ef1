import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { callFaultKinds, FAULT_SERVICES, RESET_KINDS, SERVICE_FAULT_KINDS, type FaultKind, type FaultService } from './constants.js'
import type { FaultSpec } from './FaultSpec.js'

/** What the proxy needs to know of a request to decide its fault. */
export interface FaultRequest {
  readonly service: FaultService
  /** The request's number among its service's requests, from 0, in arrival order. */
  readonly index: number
  /** Where the request stands among the calls of its operation and target, for `cover`. */
  readonly call: CallPlace
  /** The API operation, e.g. `PutRecords`, `UpdateItem`, `PutObject`. */
  readonly operation: string
  /** Entries of a Kinesis PutRecords request (0 for anything else). */
  readonly entries: number
}

/**
 * A request's place among the calls of its operation and target (e.g. `PutObject
 * sdp-lake/parquet/bcns`): a call is one SDK invocation, all its attempts.
 */
export interface CallPlace {
  /** The number of the call's operation and target among its service's, from 0, in order of their first requests. */
  readonly path: number
  /** The call's number among those calls, from 0, in order of their first requests. */
  readonly rank: number
  /** The request's attempt within its call, from 0. */
  readonly attempt: number
  /** Kinds of fault no request of those calls has met yet. */
  readonly unmet: ReadonlyArray<FaultKind>
}

/** What to do with a request. */
export type FaultDecision =
  | { readonly action: 'forward' }
  /** Answer with the service's error of this kind; the service never sees the request. */
  | { readonly action: 'error'; readonly kind: Exclude<FaultKind, 'PartialFailure' | (typeof RESET_KINDS)[number]> }
  /** Destroy the connection before forwarding, or after the service answered (its answer is lost). */
  | { readonly action: 'reset'; readonly kind: (typeof RESET_KINDS)[number] }
  /** Forward only the entries without an error code; answer for the others as Kinesis does. */
  | { readonly action: 'partial'; readonly kind: 'PartialFailure'; readonly refused: ReadonlyArray<EntryErrorCode | undefined> }

/** The two per-entry errors of a PutRecords answer. */
export type EntryErrorCode = 'ProvisionedThroughputExceededException' | 'InternalFailure'

/**
 * Decides the fault of one request: a pure function of the spec's seed, the service, the
 * request's index and its shape, so a run with the same seed and the same request order meets
 * the same faults. The reset rate applies first, then the service's rate; each picks one of its
 * kinds with equal odds. A Kinesis partial failure refuses each entry with odds 1/2 (at least
 * one), half of them throttled, half `InternalFailure`.
 *
 * @example
 * decideFault(spec, { service: 's3', index: 0, operation: 'PutObject', entries: 0, call: { path: 0, rank: 0, attempt: 0, unmet: [] } }) // { action: 'forward' }
 */
export function decideFault(spec: FaultSpec, request: FaultRequest): FaultDecision {
  const rng = xoroshiro128plus(requestSeed(spec.seed, FAULT_SERVICES.indexOf(request.service), request.index))
  const draw = () => uniformFloat64(rng)
  const covered = spec.cover ? coverKind(spec.seed, request) : undefined
  if (covered !== undefined) return decisionOf(covered, request, draw)
  if (draw() < spec.reset) return { action: 'reset', kind: draw() < 0.5 ? 'ResetBeforeRequest' : 'ResetAfterApply' }
  if (!(draw() < spec.rates[request.service])) return { action: 'forward' }
  return decisionOf(SERVICE_FAULT_KINDS[request.service][draw() < 0.5 ? 0 : 1], request, draw)
}

/** Kinds that let the request through, at least in part: a retry of them writes twice. */
const APPLYING: ReadonlySet<FaultKind> = new Set(['ResetAfterApply', 'PartialFailure'])

/**
 * The kind a request meets under `cover`. One early call of each operation and target fails every
 * attempt with faults that apply nothing, in turn, so the call fails whole however often the SDK
 * retries it and its caller's retry is tested. Which call is staggered by path and service, so
 * that the paths one invocation writes fail in different invocations, and a retry caused by one
 * path's failure does not hide what another path did with its own. About one call in 256 after
 * fails whole too, so late writes are tested as well. The other calls after the first meet the
 * kinds not met yet, one per request, and about one in 64 meets a fault that applies (a partial
 * failure, a reset after the write).
 */
function coverKind(seed: number, request: FaultRequest): FaultKind | undefined {
  const { path, rank, attempt, unmet } = request.call
  if (rank === 0) return undefined
  const kinds = callFaultKinds(request.service, request.operation)
  const u = uniformFloat64(xoroshiro128plus(requestSeed(seed ^ 0x5bd1_e995, path + 1, rank)))
  const early = 1 + FAULT_SERVICES.length * path + FAULT_SERVICES.indexOf(request.service)
  if (rank === early || (rank > early && u < 1 / 256)) {
    const refusing = kinds.filter((kind) => !APPLYING.has(kind))
    return refusing[(attempt + seed) % refusing.length]
  }
  if (unmet.length > 0) return unmet[0]
  const applying = kinds.filter((kind) => APPLYING.has(kind))
  return u > 1 - 1 / 64 && attempt === 0 ? applying[rank % applying.length] : undefined
}

/** The decision that injects `kind` (a partial failure drawn entry by entry; a PutRecords without entries is throttled). */
function decisionOf(kind: FaultKind, request: FaultRequest, draw: () => number): FaultDecision {
  if (kind === 'ResetBeforeRequest' || kind === 'ResetAfterApply') return { action: 'reset', kind }
  if (kind !== 'PartialFailure') return { action: 'error', kind }
  if (request.operation !== 'PutRecords' || request.entries === 0) return { action: 'error', kind: 'ProvisionedThroughputExceededException' }
  const code = (): EntryErrorCode => (draw() < 0.5 ? 'ProvisionedThroughputExceededException' : 'InternalFailure')
  const refused = Array.from({ length: request.entries }, (): EntryErrorCode | undefined => (draw() < 0.5 ? code() : undefined))
  if (!refused.some((c) => c !== undefined)) refused[Math.floor(draw() * request.entries)] = code()
  return { action: 'partial', kind: 'PartialFailure', refused }
}

/**
 * A 32-bit seed for request `index` of service `service`: the spec's seed, service and index mixed
 * (murmur3's finalizer), so each request has a generator of its own and services never shift
 * each other's draws.
 */
function requestSeed(seed: number, service: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e37_79b9, 0x85eb_ca6b) ^ Math.imul(service + 1, 0xc2b2_ae35)
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b) ^ index
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35) ^ Math.floor(index / 0x1_0000_0000)
  return (h ^ (h >>> 16)) | 0
}
