// The final invocation of a Lambda tumbling window, as Lambda sends it: three clicks of campaign
// 7, one of campaign 9, a record that is not JSON, one the job refuses, and a heartbeat that
// closes the minute.
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'

const SHARD = 'shardId-000000000000'
const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`

const DATA = [
  'eyJjYW1wYWlnbiI6NywidHMiOjEwMDB9', // {"campaign":7,"ts":1000}
  'eyJjYW1wYWlnbiI6NywidHMiOjIwMDB9', // {"campaign":7,"ts":2000}
  'eyJjYW1wYWlnbiI6OSwidHMiOjMwMDAwfQ==', // {"campaign":9,"ts":30000}
  'bm90IGpzb24=', // not json
  'eyJjYW1wYWlnbiI6IngiLCJ0cyI6MzAwMH0=', // {"campaign":"x","ts":3000}
  'eyJjYW1wYWlnbiI6NywidHMiOjQ1MDAwfQ==', // {"campaign":7,"ts":45000}
  'eyJ0eXBlIjoiaGVhcnRiZWF0IiwidHMiOjcwMDAwfQ==', // {"type":"heartbeat","ts":70000}
]

export const windowEvent: KinesisWindowEvent = {
  Records: DATA.map((data, n) => ({
    kinesis: { data, partitionKey: `tx-${n}`, sequenceNumber: seq(n + 1), approximateArrivalTimestamp: 1795831442 + n / 1000 },
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events',
  })),
  window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
  state: {},
  shardId: SHARD,
  isFinalInvokeForWindow: true,
  isWindowTerminatedEarly: false,
}
