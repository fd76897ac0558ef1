/** Fixed values of heartbeat records (design decision 6). */
export const HEARTBEAT = {
  /** `type` field that marks a heartbeat; consumers advance time with it and never count it. */
  type: 'heartbeat',
  /** Partition key of heartbeats; the shard is chosen by `ExplicitHashKey`, not by this key. */
  partitionKey: 'heartbeat',
} as const;
