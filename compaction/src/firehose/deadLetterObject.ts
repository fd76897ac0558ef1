import { FIREHOSE_TRANSFORM_SOURCE } from '../constants.js'

/** A record the raw landing refused, with why. */
export interface RefusedRecord {
  /** The Firehose record id, or the Kinesis sequence number for the local stand-in. */
  readonly id: string
  readonly reason: string
  /** The record's bytes as delivered, base64. */
  readonly data: string
  /** Epoch ms the record reached the stream. */
  readonly arrivalTime: number
}

/**
 * The dead-letter object of refused records: `errors/firehose-transform/dt=YYYY-MM-DD/<name>.json`
 * (day of the first record's arrival) holding `{source, count, records: [{id, reason, data, arrivalTime}]}`.
 * `name` comes from the records (their ids or sequence range), so a retry rewrites the same object.
 */
export function deadLetterObject(refused: readonly RefusedRecord[], name: string): { key: string; body: string } | undefined {
  const first = refused[0]
  if (first === undefined) return undefined
  const day = new Date(first.arrivalTime).toISOString().slice(0, 10)
  const safe = name.replace(/[^A-Za-z0-9._=-]/g, '_')
  return {
    key: `errors/${FIREHOSE_TRANSFORM_SOURCE}/dt=${day}/${safe}.json`,
    body: JSON.stringify({ source: FIREHOSE_TRANSFORM_SOURCE, count: refused.length, records: refused }),
  }
}
