import { LAKE_TABLES, parseStreamRecord, partitionOf, toLakeRow, type LakePartition } from '@sdp/catalog'
import { ndjsonLine } from '@sdp/catalog/lake'

/** What the raw landing makes of one stream record. */
export type TransformedRecord =
  | { readonly result: 'Ok'; readonly line: string; readonly partition: LakePartition }
  | { readonly result: 'Dropped'; readonly reason: string }
  | { readonly result: 'ProcessingFailed'; readonly reason: string }

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The transformation of the raw landing (`raw_bcns`), shared by the Firehose Lambda and the
 * local stand-in: a stream record's bytes become one NDJSON line of `raw_bcns` (unknown fields
 * stripped, columns in table order, newline-terminated) with its `dt`/`hour` from the event's
 * `ts`; a heartbeat is dropped; bytes that are not UTF-8 JSON, or JSON that is not a valid stream
 * record, fail with the reason (`"campaign_item_id must be an integer"`).
 *
 * @example
 * ```ts
 * transformStreamRecord(Buffer.from('{"type":"click","tx_id":"t1","ts":1795831442000}'))
 * // { result: 'Ok', line: '{"type":"click","tx_id":"t1","ts":1795831442000}\n', partition: { dt: '2026-11-28', hour: '02' } }
 * ```
 */
export function transformStreamRecord(bytes: Uint8Array): TransformedRecord {
  let json: unknown
  try {
    json = JSON.parse(decoder.decode(bytes))
  } catch (error) {
    return { result: 'ProcessingFailed', reason: `not JSON: ${(error as Error).message}` }
  }
  const parsed = parseStreamRecord(json)
  if (!parsed.ok) return { result: 'ProcessingFailed', reason: parsed.reason }
  if (parsed.event.type === 'heartbeat') return { result: 'Dropped', reason: 'heartbeat' }
  // raw_bcns holds the transaction events; a location ping has no tx_id and none of their columns.
  if (parsed.event.type === 'location') return { result: 'Dropped', reason: 'location ping' }
  const table = LAKE_TABLES.raw_bcns
  return { result: 'Ok', line: ndjsonLine(table, toLakeRow(table, parsed.event)), partition: partitionOf(parsed.event.ts) }
}
