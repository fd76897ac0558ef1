import { HEARTBEAT_TYPE } from '@sdp/catalog'

/** Fixed values of heartbeat records (docs/architecture.md, "Heartbeats"). */
export const HEARTBEAT = {
  /** `type` field that marks a heartbeat (the catalog's); consumers advance time with it and never count it. */
  type: HEARTBEAT_TYPE,
  /** Partition key of heartbeats; the shard is chosen by `ExplicitHashKey`, not by this key. */
  partitionKey: 'heartbeat',
} as const
