import { gunzipSync, gzipSync } from 'node:zlib'
import { compareSequenceNumbers, type Json } from '@sdp/aggregation-engine'
import { bucketOf } from '../exchange/partialBuckets.js'

/**
 * One raw record forwarded to a keyed stream. Its identity is where it came from: the sequence
 * number of the upstream record that produced it and its index among that record's forwards
 * (`sub`), so a retried, bisected or doubled upstream invocation forwards it under the same
 * identity, and the consumer takes it once.
 */
export interface ForwardedRecord {
  /** The new key (e.g. an `app_uid`): it picks the key group, hence the keyed stream's shard. */
  readonly key: string
  readonly seq: string
  readonly sub: number
  readonly value: Json
}

/** A packed forward: `[key, seq, sub, value]`. */
export type PackedForward = readonly [key: string, seq: string, sub: number, value: Json]

/**
 * A record of a keyed stream: the forwards of one upstream invocation for one key group, in
 * identity order. Records of one (source, bucket) reach the stream in identity order (an
 * invocation's parts in rounds, invocations one after the other), so a consumer that remembers
 * the last identity it took per (source, bucket) recognises every resend.
 */
export interface RepartitionRecord {
  readonly v: 1
  readonly kind: 'repartition'
  /** The upstream shard that forwarded them; names the identity space of `seq`. */
  readonly source: string
  readonly bucket: number
  readonly items: readonly PackedForward[]
}

/** The longest key: it stands in for a Kinesis partition key downstream. */
export const MAX_FORWARD_KEY_LENGTH = 256

/** Orders identities: by sequence number, then by index. */
export function compareIdentities(a: readonly [string, number], b: readonly [string, number]): number {
  return compareSequenceNumbers(a[0], b[0]) || a[1] - b[1]
}

/**
 * Packs one upstream invocation's forwards into one record per key group, each in identity order.
 * A group whose JSON passes `maxBytes` is cut (in identity order) into further records returned in
 * later rounds: the caller writes round after round, so two records of one group never race.
 * @throws RangeError on a key that is empty or longer than {@link MAX_FORWARD_KEY_LENGTH}, or an identity given twice
 */
export function packForwards(forwards: readonly ForwardedRecord[], source: string, maxBytes = 900_000): RepartitionRecord[][] {
  const byBucket = new Map<number, ForwardedRecord[]>()
  for (const f of forwards) {
    if (typeof f.key !== 'string' || f.key.length === 0 || f.key.length > MAX_FORWARD_KEY_LENGTH) {
      throw new RangeError(`a forwarded key must be a string of 1 to ${MAX_FORWARD_KEY_LENGTH} characters, got ${JSON.stringify(f.key)}`)
    }
    const bucket = bucketOf(f.key)
    const list = byBucket.get(bucket)
    if (list) list.push(f)
    else byBucket.set(bucket, [f])
  }
  const rounds: RepartitionRecord[][] = []
  for (const [bucket, list] of [...byBucket].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => compareIdentities([a.seq, a.sub], [b.seq, b.sub]))
    let round = 0
    let items: PackedForward[] = []
    let bytes = 0
    const emit = () => {
      ;(rounds[round++] ??= []).push({ v: 1, kind: 'repartition', source, bucket, items })
      items = []
      bytes = 0
    }
    for (const [i, f] of list.entries()) {
      const previous = list[i - 1]
      if (previous && compareIdentities([previous.seq, previous.sub], [f.seq, f.sub]) === 0) {
        throw new RangeError(`forward ${f.seq}/${f.sub} is given twice: identities must be unique`)
      }
      const item: PackedForward = [f.key, f.seq, f.sub, f.value]
      const size = JSON.stringify(item).length + 1
      if (items.length > 0 && bytes + size > maxBytes) emit()
      items.push(item)
      bytes += size
    }
    emit()
  }
  return rounds
}

/** A record's bytes on the keyed stream: its JSON, gzipped. */
export function encodeRepartitionRecord(record: RepartitionRecord): Uint8Array {
  return gzipSync(JSON.stringify(record))
}

/** A keyed-stream record from its bytes (gzipped JSON), or the reason it is not one. */
export function decodeRepartitionRecord(bytes: Uint8Array): { ok: true; record: RepartitionRecord } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(gunzipSync(bytes).toString('utf8'))
  } catch (error) {
    return { ok: false, reason: `not gzipped JSON: ${(error as Error).message}` }
  }
  return readRepartitionRecord(value)
}

/** A keyed-stream record from its JSON value, or the reason it is not one. */
export function readRepartitionRecord(value: unknown): { ok: true; record: RepartitionRecord } | { ok: false; reason: string } {
  const r = value as Partial<RepartitionRecord> | null
  if (typeof r !== 'object' || r === null || r.v !== 1 || r.kind !== 'repartition') return { ok: false, reason: 'not a repartition record of format 1' }
  if (typeof r.source !== 'string' || r.source === '') return { ok: false, reason: 'source must be a non-empty string' }
  if (!Number.isInteger(r.bucket)) return { ok: false, reason: 'bucket must be an integer' }
  if (!Array.isArray(r.items)) return { ok: false, reason: 'items must be an array' }
  for (const [i, item] of (r.items as unknown[]).entries()) {
    if (!isPackedForward(item)) return { ok: false, reason: `items[${i}] must be [key, sequence number, index, value]` }
    if (bucketOf(item[0]) !== r.bucket) return { ok: false, reason: `items[${i}]: key ${JSON.stringify(item[0])} is not in bucket ${String(r.bucket)}` }
  }
  return { ok: true, record: r as RepartitionRecord }
}

function isPackedForward(item: unknown): item is PackedForward {
  if (!Array.isArray(item) || item.length !== 4) return false
  const [key, seq, sub, value] = item as unknown[]
  return typeof key === 'string' && key !== '' && typeof seq === 'string' && /^\d+$/.test(seq) && Number.isSafeInteger(sub) && value !== undefined
}
