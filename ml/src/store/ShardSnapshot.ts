import type { Json } from '@sdp/aggregation-engine'
import { ModelFormatError } from '../errors.js'
import { ProgressiveValidation } from '../evaluation/ProgressiveValidation.js'
import { BidWinModel } from '../model/BidWinModel.js'
import type { FtrlModelOptions } from '../model/FtrlModel.js'
import { parseStoredDocument } from './_internal/parseStoredDocument.js'

/**
 * One shard's learner through a sequence number: the FTRL state its own examples added (every
 * increment since the shard began, see `combineModels`), how many examples that is, the
 * progressive validation of those examples, and the validation of the examples held out of
 * training.
 */
export interface ShardSnapshot {
  readonly shardId: string
  /** Every example produced by records up to this sequence number is in `model`, and no other. */
  readonly through: string
  readonly examples: number
  /** Largest bid event time trained on (null before any example). */
  readonly eventTime: number | null
  readonly model: BidWinModel
  readonly validation: ProgressiveValidation
  /**
   * The held-out examples of the shard (one in `holdoutEvery`), each scored by the model of its
   * moment and never trained on. Snapshots written before held-out examples existed have none.
   * @default empty
   */
  readonly heldOut?: ProgressiveValidation
}

const FORMAT = 'bid-win-shard'

/** The stored form of a shard snapshot. */
export function encodeShardSnapshot(s: ShardSnapshot): string {
  const doc: Json = {
    format: FORMAT,
    version: 1,
    shardId: s.shardId,
    through: s.through,
    examples: s.examples,
    eventTime: s.eventTime,
    model: s.model.snapshot(),
    validation: s.validation.snapshot(),
    // Added beside the existing fields, so readers of the same format version still read the document.
    heldOut: (s.heldOut ?? new ProgressiveValidation()).snapshot(),
  }
  return JSON.stringify(doc)
}

/** Reads {@link encodeShardSnapshot} output (its learner built with `options`: a prior, other hyper-parameters); throws ModelFormatError. */
export function decodeShardSnapshot(key: string, text: string, options: FtrlModelOptions = {}): ShardSnapshot {
  const fail = (rule: string): never => {
    throw new ModelFormatError(`shard snapshot ${key}: ${rule}`)
  }
  const v = parseStoredDocument(text, FORMAT, fail)
  if (typeof v.shardId !== 'string' || typeof v.through !== 'string' || !/^\d+$/.test(v.through)) return fail('shardId and through must be strings')
  if (!Number.isSafeInteger(v.examples) || (v.examples as number) < 0) return fail('examples must be a count')
  if (v.eventTime !== null && !Number.isSafeInteger(v.eventTime)) return fail('eventTime must be an integer or null')
  const model = BidWinModel.restore(v.model, options)
  if (!model.ok) return fail(model.error.message)
  const validation = ProgressiveValidation.restore(v.validation)
  if (!validation.ok) return fail(validation.error.message)
  const heldOut = v.heldOut === undefined ? { ok: true as const, validation: new ProgressiveValidation() } : ProgressiveValidation.restore(v.heldOut)
  if (!heldOut.ok) return fail(`heldOut: ${heldOut.error.message}`)
  return {
    shardId: v.shardId,
    through: v.through,
    examples: v.examples as number,
    eventTime: v.eventTime as number | null,
    model: model.model,
    validation: validation.validation,
    heldOut: heldOut.validation,
  }
}
