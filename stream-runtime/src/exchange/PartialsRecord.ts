import { gunzipSync, gzipSync } from 'node:zlib'
import { compareSequenceNumbers, type Json, type PartialAccumulator } from '@sdp/aggregation-engine'
import { bucketOf } from './partialBuckets.js'

/** One key's accumulator for one event-time window: `[key, window start, window end, accumulator]`. */
export type PackedPartial = readonly [key: string, start: number, end: number, accumulator: Json]

/**
 * A record of the partials stream: every partial of one stage-1 invocation for one key group.
 * `through` is the last stage-1 sequence number its partials cover. Stage-1 invocations of a shard
 * run one after the other, so the records of one (source, bucket) arrive with `through`
 * non-decreasing, and a record whose `through` stage 2 has already merged is a resend of the same
 * content (a retried or bisected invocation): stage 2 merges a record only when its
 * `(through, part)` is beyond what it merged from that (source, bucket). A key's partials of one
 * invocation are never split across records.
 */
export interface PartialsRecord {
  readonly v: 1
  /** The user job the record belongs to; absent for the built-in ad-tech job. A stage 2 merges only its own job's records. */
  readonly job?: string
  /** Present when `partials` hold emitted results (session windows) to store as they are, not accumulators to merge. */
  readonly rows?: true
  /** The stage-1 shard that flushed them. */
  readonly source: string
  readonly bucket: number
  readonly through: string
  /** Which of the records sharing this `through` (0 unless one group's partials passed the record size). */
  readonly part: number
  readonly partials: readonly PackedPartial[]
}

/** What a user job's records carry besides their partials (see {@link PartialsRecord}). */
export interface PartialsTag {
  readonly job?: string
  readonly rows?: true
}

/**
 * Packs one stage-1 invocation's partials into one record per key group, each key's partials
 * kept together and in flush order. The records whose JSON passes `maxBytes` are split by key
 * into further records with the same `through`, returned in later rounds: the caller writes
 * round after round, so that two records of one (source, bucket) never race each other.
 */
export function packPartials(partials: readonly PartialAccumulator[], source: string, maxBytes = 900_000, tag: PartialsTag = {}): PartialsRecord[][] {
  const byBucket = new Map<number, { through: string; byKey: Map<string, PackedPartial[]> }>()
  for (const p of partials) {
    const key = String(p.key)
    const bucket = bucketOf(key)
    const to = p.id.slice(p.id.lastIndexOf('-') + 1)
    let group = byBucket.get(bucket)
    if (!group) byBucket.set(bucket, (group = { through: to, byKey: new Map() }))
    else if (compareSequenceNumbers(to, group.through) > 0) group.through = to
    let list = group.byKey.get(key)
    if (!list) group.byKey.set(key, (list = []))
    list.push([key, p.window.start, p.window.end, p.accumulator])
  }
  const rounds: PartialsRecord[][] = []
  for (const [bucket, { through, byKey }] of [...byBucket].sort((a, b) => a[0] - b[0])) {
    let round = 0
    let packed: PackedPartial[] = []
    let bytes = 0
    const emit = () => {
      ;(rounds[round] ??= []).push({ v: 1, ...tag, source, bucket, through, part: round, partials: packed })
      round++
      packed = []
      bytes = 0
    }
    for (const list of byKey.values()) {
      const size = JSON.stringify(list).length
      if (packed.length > 0 && bytes + size > maxBytes) emit()
      packed.push(...list)
      bytes += size
    }
    emit()
  }
  return rounds
}

/**
 * A record's bytes on the partials stream: its JSON, gzipped. Campaign ids and period starts
 * repeat from partial to partial, so a record shrinks several times, and with it the shards the
 * stream needs when every stage-1 shard flushes at once.
 */
export function encodePartialsRecord(record: PartialsRecord): Uint8Array {
  return gzipSync(JSON.stringify(record))
}

/** A partials record from a stream record's bytes (gzipped JSON, or plain JSON), or the reason it is not one. */
export function decodePartialsRecord(bytes: Uint8Array): { ok: true; record: PartialsRecord } | { ok: false; reason: string } {
  let text: string
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes)).toString('utf8')
  } catch (error) {
    return { ok: false, reason: `not gzip: ${(error as Error).message}` }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` }
  }
  return readPartialsRecord(value)
}

/** A partials-stream record from its JSON value, or the reason it is not one. */
export function readPartialsRecord(value: unknown): { ok: true; record: PartialsRecord } | { ok: false; reason: string } {
  const r = value as Partial<PartialsRecord> | null
  if (typeof r !== 'object' || r === null || r.v !== 1) return { ok: false, reason: 'not a partials record of format 1' }
  const reason = headerProblem(r) ?? partialsProblem(r)
  return reason === undefined ? { ok: true, record: r as PartialsRecord } : { ok: false, reason }
}

/** What is wrong with a record's fields besides its partials, if anything. */
function headerProblem(r: Partial<PartialsRecord>): string | undefined {
  if (typeof r.source !== 'string' || r.source === '') return 'source must be a non-empty string'
  if (r.job !== undefined && (typeof r.job !== 'string' || r.job === '')) return 'job must be a non-empty string when present'
  if (r.rows !== undefined && (r.rows as unknown) !== true) return 'rows must be true when present'
  if (!Number.isInteger(r.bucket)) return 'bucket must be an integer'
  if (typeof r.through !== 'string' || !/^\d+$/.test(r.through)) return 'through must be a sequence number'
  if (!Number.isSafeInteger(r.part) || (r.part as number) < 0) return 'part must be a whole number'
  return undefined
}

/** What is wrong with a record's partials, if anything: each a `[key, start, end, accumulator]` of the record's bucket. */
function partialsProblem(r: Partial<PartialsRecord>): string | undefined {
  if (!Array.isArray(r.partials)) return 'partials must be an array'
  for (const [i, p] of r.partials.entries()) {
    if (!Array.isArray(p) || p.length !== 4 || typeof p[0] !== 'string' || !Number.isSafeInteger(p[1]) || !Number.isSafeInteger(p[2]) || p[3] === undefined) {
      return `partials[${i}] must be [key, start, end, accumulator]`
    }
    if (bucketOf(p[0]) !== r.bucket) return `partials[${i}]: key ${JSON.stringify(p[0])} is not in bucket ${String(r.bucket)}`
  }
  return undefined
}
