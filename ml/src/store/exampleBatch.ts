import type { Json } from '@sdp/aggregation-engine'
import { ModelFormatError } from '../errors.js'
import type { TrainingExample } from '../job/TrainingExample.js'

const FORMAT = 'bid-win-examples'

/** The examples of one invocation as stored: `[seq, txId, label, bidTs, campaign, domain, creative, category, price]` rows. */
export function encodeExampleBatch(shardId: string, first: string, last: string, examples: readonly TrainingExample[]): string {
  const rows: Json[] = examples.map((e) => [
    e.seq,
    e.txId,
    e.label,
    e.bidTs,
    e.bid.campaignItemId,
    e.bid.domain ?? null,
    e.bid.creativeId ?? null,
    e.bid.creativeCategory ?? null,
    e.bid.winPrice ?? null,
  ])
  return JSON.stringify({ format: FORMAT, version: 1, shardId, first, last, examples: rows })
}

const isId = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
const isText = (v: unknown) => v === null || typeof v === 'string'

/** Reads {@link encodeExampleBatch} output; throws ModelFormatError naming what is wrong. */
export function decodeExampleBatch(key: string, text: string): TrainingExample[] {
  const fail = (rule: string): never => {
    throw new ModelFormatError(`example batch ${key}: ${rule}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`)
  }
  const v = value as { format?: unknown; version?: unknown; examples?: unknown }
  if (v?.format !== FORMAT || v.version !== 1 || !Array.isArray(v.examples)) return fail(`expected format "${FORMAT}" version 1 with an examples array`)
  return (v.examples as unknown[]).map((row) => decodeExample(row, fail))
}

/** One stored row as a training example; `fail` throws naming what is wrong. */
function decodeExample(row: unknown, fail: (rule: string) => never): TrainingExample {
  if (!Array.isArray(row) || row.length !== 9) return fail('each example must be a row of 9 values')
  const [seq, txId, label, bidTs, campaign, domain, creative, category, price] = row as unknown[]
  if (typeof seq !== 'string' || !/^\d+$/.test(seq) || typeof txId !== 'string' || (label !== 0 && label !== 1) || !Number.isSafeInteger(bidTs)) {
    return fail(`example ${JSON.stringify(row).slice(0, 80)} has a bad seq, txId, label or bidTs`)
  }
  if (!hasValidFeatures(campaign, domain, creative, category, price)) return fail(`example ${txId} has bad features`)
  return {
    seq,
    txId,
    label,
    bidTs: bidTs as number,
    bid: {
      campaignItemId: campaign as string | number,
      domain: domain as string | null,
      creativeId: creative as string | number | null,
      creativeCategory: category as string | null,
      winPrice: price as number | null,
    },
  }
}

function hasValidFeatures(campaign: unknown, domain: unknown, creative: unknown, category: unknown, price: unknown): boolean {
  return (
    isId(campaign) &&
    isText(domain) &&
    (creative === null || isId(creative)) &&
    isText(category) &&
    (price === null || (typeof price === 'number' && Number.isFinite(price)))
  )
}
