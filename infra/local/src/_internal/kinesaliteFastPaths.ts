import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'

// kinesalite is CommonJS; its actions call these helpers through the module object
// (`db.parseSequence(...)`), so replacing the exports reaches every call site.
const require = createRequire(import.meta.url)
const db = require('kinesalite/db/index.js') as typeof import('kinesalite/db/index.js')

/** The only kinesalite release whose helpers these replacements were checked against. */
export const KINESALITE_VERSION = '3.3.3'

/** kinesalite's own helpers, as they were before {@link installKinesaliteFastPaths}. */
export const kinesaliteOriginals = {
  parseSequence: db.parseSequence,
  stringifySequence: db.stringifySequence,
  partitionKeyToHashKey: db.partitionKeyToHashKey,
} as const

type SequenceParts = ReturnType<typeof db.parseSequence>
type SequenceInput = Parameters<typeof db.stringifySequence>[0]

const POW_2_124 = 1n << 124n
const POW_2_129 = 1n << 129n
const POW_2_185 = 1n << 185n
const POW_2_185_NEXT = POW_2_185 + (POW_2_185 >> 1n)
const DECIMAL = /^\d+$/
const HEX = /^[0-9a-f]+$/

/**
 * kinesalite's `parseSequence` with native `BigInt` for the version-2 sequence numbers it
 * writes; anything else (older versions, malformed input) goes to the original, so errors and
 * results stay kinesalite's own.
 */
export function parseSequence(seq: string): SequenceParts {
  if (typeof seq !== 'string' || !DECIMAL.test(seq)) return kinesaliteOriginals.parseSequence(seq)
  let n = BigInt(seq)
  if (n < POW_2_124) n += POW_2_124
  if (n < POW_2_129 || n <= POW_2_185 || n >= POW_2_185_NEXT) return kinesaliteOriginals.parseSequence(seq)
  const hex = n.toString(16)
  if (hex.at(-1) !== '2') return kinesaliteOriginals.parseSequence(seq)
  const seqIxHex = hex.slice(11, 27)
  let shardIxHex = hex.slice(38, 46)
  if (parseInt(seqIxHex[0] ?? '', 16) > 7) throw new Error('Sequence index too high')
  if (parseInt(shardIxHex[0] ?? '', 16) > 7) shardIxHex = '-' + shardIxHex
  const shardCreateSecs = parseInt(hex.slice(1, 10), 16)
  if (shardCreateSecs >= 16025175000) throw new Error(`Date too large: ${shardCreateSecs}`)
  return {
    shardCreateTime: shardCreateSecs * 1000,
    seqIx: BigInt(`0x${seqIxHex}`).toString(),
    byte1: hex.slice(27, 29),
    seqTime: parseInt(hex.slice(29, 38), 16) * 1000,
    shardIx: parseInt(shardIxHex, 16),
    version: 2,
  }
}

/**
 * kinesalite's `stringifySequence` with native `BigInt` for version-2 sequence numbers (the
 * only kind it writes); other versions and inputs that are not plain non-negative integers go to
 * the original.
 */
export function stringifySequence(obj: SequenceInput): string {
  const seqIx = obj.seqIx ?? 0
  const plainSeqIx = (typeof seqIx === 'number' && Number.isSafeInteger(seqIx) && seqIx >= 0) || (typeof seqIx === 'string' && DECIMAL.test(seqIx))
  if ((obj.version != null && obj.version !== 2) || !plainSeqIx) return kinesaliteOriginals.stringifySequence(obj)
  const hex = [
    '2',
    ('00000000' + Math.floor(obj.shardCreateTime / 1000).toString(16)).slice(-9),
    (obj.shardIx || 0).toString(16).slice(-1),
    ('0000000000000000' + BigInt(seqIx || 0).toString(16)).slice(-16),
    obj.byte1 || '00',
    ('00000000' + Math.floor((obj.seqTime || obj.shardCreateTime) / 1000).toString(16)).slice(-9),
    ('0000000' + (obj.shardIx || 0).toString(16)).slice(-8),
    '2',
  ].join('')
  return HEX.test(hex) ? BigInt(`0x${hex}`).toString() : kinesaliteOriginals.stringifySequence(obj)
}

/** A 128-bit hash key that compares with the decimal strings of a shard's hash key range. */
export class HashKey {
  // A stream has few distinct range bounds; parse each once.
  private static readonly bounds = new Map<string, bigint>()

  public constructor(public readonly value: bigint) {}

  /** -1, 0 or 1 as this key is below, equal to or above `other` (an integer); null for a non-number. */
  public comparedTo(other: string | number): number | null {
    const bound = HashKey.parse(other)
    if (bound === undefined) return null
    return this.value < bound ? -1 : this.value > bound ? 1 : 0
  }

  private static parse(other: string | number): bigint | undefined {
    if (typeof other === 'number') return Number.isSafeInteger(other) ? BigInt(other) : undefined
    let bound = HashKey.bounds.get(other)
    if (bound === undefined) {
      if (!DECIMAL.test(other)) return undefined
      bound = BigInt(other)
      if (HashKey.bounds.size > 10_000) HashKey.bounds.clear()
      HashKey.bounds.set(other, bound)
    }
    return bound
  }
}

/** kinesalite's `partitionKeyToHashKey` (MD5 of the key as a 128-bit integer), as a {@link HashKey}. */
export function partitionKeyToHashKey(partitionKey: string): HashKey {
  return new HashKey(BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`))
}

let installed = false

/**
 * Replaces kinesalite's sequence-number and hash-key helpers, which use bignumber.js for every
 * record put and read (about a fifth of the local platform's CPU under load), with the native
 * `BigInt` versions above. Does nothing for any kinesalite release but {@link KINESALITE_VERSION}.
 * Idempotent.
 *
 * @returns true when the fast paths are in place
 */
export function installKinesaliteFastPaths(): boolean {
  if (installed) return true
  const { version } = require('kinesalite/package.json') as { version: string }
  if (version !== KINESALITE_VERSION) return false
  const target = db as { -readonly [K in keyof typeof kinesaliteOriginals]: unknown }
  target.parseSequence = parseSequence
  target.stringifySequence = stringifySequence
  target.partitionKeyToHashKey = partitionKeyToHashKey
  installed = true
  return true
}
