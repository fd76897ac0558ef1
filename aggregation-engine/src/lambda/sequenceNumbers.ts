/**
 * Orders Kinesis sequence numbers: decimal strings of up to 128 bits, so compare by length first
 * (they carry no leading zeros), then lexicographically. Cheaper than BigInt on the hot path.
 */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The identity of whatever a run of records produced: the shard and the first and last sequence
 * numbers it covers. Derived from the records, never from a counter, so a replayed invocation
 * names its outputs exactly as the first run did.
 */
export function rangeId(shardId: string, first: string, last: string): string {
  return `${shardId}:${first}-${last}`
}
