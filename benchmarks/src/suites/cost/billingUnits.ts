// The units AWS bills by, from byte counts: each rounds up per record or per item.

/** Kinesis provisioned PUT payload units of one record: 25 KB chunks, at least one. */
export function putPayloadUnits(recordBytes: number): number {
  return Math.max(1, Math.ceil(recordBytes / (25 * 1024)))
}

/** DynamoDB write request units of one PutItem: 1 per started KB of the item, at least one. */
export function writeUnits(itemBytes: number): number {
  return Math.max(1, Math.ceil(itemBytes / 1024))
}

/** DynamoDB read request units of an eventually consistent read returning `bytes`: half a unit per started 4 KB. */
export function eventuallyConsistentReadUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 4096)) / 2
}

/** Bytes a Kinesis on-demand stream bills for one record written: rounded up to 1 KB. */
export function onDemandBilledBytes(recordBytes: number): number {
  return Math.max(1, Math.ceil(recordBytes / 1024)) * 1024
}

/** Bytes Firehose bills for one record ingested: rounded up to 5 KB. */
export function firehoseBilledBytes(recordBytes: number): number {
  return Math.max(1, Math.ceil(recordBytes / FIREHOSE_BILLING_STEP_BYTES)) * FIREHOSE_BILLING_STEP_BYTES
}

/** Firehose bills each record's size rounded up to a multiple of 5 KB. */
export const FIREHOSE_BILLING_STEP_BYTES = 5120

/**
 * Distinct keys among `draws` uniform draws over `keys` keys: `keys × (1 − e^(−draws/keys))`, the
 * campaigns a number of transactions touch.
 */
export function touchedKeys(keys: number, draws: number): number {
  if (keys <= 0 || draws <= 0) return 0
  return keys * -Math.expm1(-draws / keys)
}
