import { shardIdOf, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { decodeRepartitionRecord } from './RepartitionRecord.js'

/** Digits appended to a keyed-stream sequence number to number the forwards its record holds. */
const INDEX_DIGITS = 6
const MAX_ITEMS = 10 ** INDEX_DIGITS

/** The field of an expanded record's JSON that carries its forward identity: `[source, seq, sub]`. */
export const FORWARD_FIELD = '~rp'
/** The field of an expanded record's JSON that says why its keyed-stream record could not be read. */
export const UNREADABLE_FIELD = '~unreadable'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64')

/**
 * A keyed-stream window event as the per-record event the engine's adapter runs: every forward of
 * a packed record becomes a record of its own, with its key as partition key, its value and
 * identity as data, and a sequence number extended by its index in the pack (so the order, the
 * state segments and the partial ids stay derived from the records). Records that are not packed
 * (the heartbeats of the keyed stream) pass unchanged under the extended number of index 0; a
 * packed record that cannot be read becomes one record saying why, for the dead letters.
 */
export function expandRepartitioned(event: KinesisWindowEvent): KinesisWindowEvent {
  const Records: Array<KinesisWindowEvent['Records'][number]> = []
  for (const { kinesis } of event.Records) {
    const at = (i: number) => `${kinesis.sequenceNumber}${String(i).padStart(INDEX_DIGITS, '0')}`
    const bytes = Buffer.from(kinesis.data, 'base64')
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      Records.push({ kinesis: { ...kinesis, sequenceNumber: at(0) } })
      continue
    }
    const read = decodeRepartitionRecord(bytes)
    const reason = !read.ok ? read.reason : read.record.items.length > MAX_ITEMS ? `more than ${MAX_ITEMS} forwards in one record` : undefined
    if (reason !== undefined || !read.ok) {
      Records.push({ kinesis: { ...kinesis, sequenceNumber: at(0), data: b64({ [UNREADABLE_FIELD]: reason, data: kinesis.data }) } })
      continue
    }
    const { source, items } = read.record
    for (const [i, [key, seq, sub, value]] of items.entries()) {
      Records.push({ kinesis: { ...kinesis, sequenceNumber: at(i), partitionKey: key, data: b64({ [FORWARD_FIELD]: [source, seq, sub], v: value }) } })
    }
  }
  return { ...event, shardId: shardIdOf(event), Records }
}
