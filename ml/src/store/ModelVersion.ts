import { ModelFormatError } from '../errors.js'
import type { ValidationSummary } from '../evaluation/ProgressiveValidation.js'
import { BidWinModel } from '../model/BidWinModel.js'
import { parseStoredDocument } from './_internal/parseStoredDocument.js'

/** Which shard learners, through which sequence numbers, a version combines. */
export type Composition = Readonly<Record<string, string>>

/** What a published version and the `latest` pointer both say about it. */
export interface VersionInfo {
  /** `v<examples:12>-<hash of the composition:8>`: the same composition always gets the same id. */
  readonly id: string
  readonly shards: Composition
  /** Examples in the model, all shards together. */
  readonly examples: number
  /** Largest bid event time trained on. */
  readonly eventTime: number | null
  /** Progressive validation of every example in the model (NaN fields are stored as null). */
  readonly metrics: ValidationSummary
  /**
   * The held-out examples (one in `holdoutEvery`, never trained on), each scored by the model of
   * its moment: the figure to trust when it disagrees with `metrics`. Absent in versions published
   * before held-out examples existed.
   */
  readonly heldOut?: ValidationSummary
}

/** A published, immutable model version. */
export interface ModelVersion extends VersionInfo {
  readonly model: BidWinModel
}

/** The `latest.json` pointer: the version info and the key of the version object. */
export interface LatestPointer extends VersionInfo {
  readonly key: string
}

const VERSION_FORMAT = 'bid-win-version'
const LATEST_FORMAT = 'bid-win-latest'

const info = (v: VersionInfo) => ({
  id: v.id,
  shards: v.shards,
  examples: v.examples,
  eventTime: v.eventTime,
  metrics: v.metrics,
  ...(v.heldOut ? { heldOut: v.heldOut } : {}),
})

/** The stored form of a version: its info and the model snapshot. */
export const encodeModelVersion = (v: ModelVersion): string => JSON.stringify({ format: VERSION_FORMAT, version: 1, ...info(v), model: v.model.snapshot() })

/** The stored form of `latest.json`: the version info and the version's key. */
export const encodeLatestPointer = (p: LatestPointer): string => JSON.stringify({ format: LATEST_FORMAT, version: 1, ...info(p), key: p.key })

function decodeInfo(key: string, text: string, format: string): Record<string, unknown> & VersionInfo {
  const fail = (rule: string): never => {
    throw new ModelFormatError(`${key}: ${rule}`)
  }
  const v = parseStoredDocument(text, format, fail)
  if (typeof v.id !== 'string' || typeof v.shards !== 'object' || v.shards === null || !Number.isSafeInteger(v.examples))
    return fail('id, shards and examples are required')
  for (const through of Object.values(v.shards)) if (typeof through !== 'string') return fail('shards must map shard ids to sequence numbers')
  return v as Record<string, unknown> & VersionInfo
}

/** Reads a version object; throws ModelFormatError naming what is wrong. */
export function decodeModelVersion(key: string, text: string): ModelVersion {
  const v = decodeInfo(key, text, VERSION_FORMAT)
  const model = BidWinModel.restore(v.model)
  if (!model.ok) throw new ModelFormatError(`${key}: ${model.error.message}`)
  return { ...info(v), model: model.model }
}

/** Reads the `latest` pointer; throws ModelFormatError naming what is wrong. */
export function decodeLatestPointer(key: string, text: string): LatestPointer {
  const v = decodeInfo(key, text, LATEST_FORMAT)
  if (typeof v.key !== 'string') throw new ModelFormatError(`${key}: key is required`)
  return { ...info(v), key: v.key }
}
