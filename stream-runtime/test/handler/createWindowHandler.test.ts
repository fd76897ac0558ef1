// What a window handler stores per Lambda window: its state writes ride in Lambda's `state` and
// are stored once at the window's end, and a warm container reads nothing from the store between.
import t from 'tap'
import { silentTelemetry } from '@sdp/service-kit'
import type { Json, KinesisWindowEvent, PartialAccumulator, WindowJob } from '@sdp/aggregation-engine'
import { createWindowHandler } from '../../src/handler/createWindowHandler.js'
import { DeadLetterSink } from '../../src/deadLetters/DeadLetterSink.js'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { S3ObjectStore } from '../../src/state/S3ObjectStore.js'
import type { ObjectStore } from '../../src/state/ObjectStore.js'
import { startS3 } from '../../../test-support/localServices.js'

const SHARD = 'shardId-000000000000'
const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`

/** Counts events per key, each id once: the ids seen live in external state. */
const distinctJob: WindowJob<{ id: string; key: string }> = {
  name: 'distinct',
  version: 1,
  parse: (value) => {
    const v = value as { id?: unknown; key?: unknown }
    return typeof v.id === 'string' && typeof v.key === 'string'
      ? { kind: 'event', event: { id: v.id, key: v.key } }
      : { kind: 'invalid', reason: 'id and key must be strings' }
  },
  stateKeys: (partitionKey) => [`id:${partitionKey}`],
  open({ snapshot, state }) {
    const counts = new Map<string, number>(snapshot as [string, number][] | undefined)
    return {
      process(e) {
        if (state.get(`id:${e.id}`) !== undefined) return
        state.set(`id:${e.id}`, 1)
        counts.set(e.key, (counts.get(e.key) ?? 0) + 1)
      },
      heartbeat: () => undefined,
      estimatedBytes: () => counts.size * 40,
      flush: () => [...counts].splice(0).map(([key, n]) => (counts.delete(key), { key, window: { start: 0, end: 60_000 }, accumulator: n })),
      takeOutputs: () => ({ emitted: [], late: [] }),
      snapshot: (): Json => [...counts],
      carry: () => 0,
      counters: () => ({}),
    }
  },
}

function windowEvent(ids: [number, string][], state: unknown, final = false): KinesisWindowEvent {
  return {
    Records: ids.map(([n, id]) => ({
      kinesis: {
        partitionKey: id,
        sequenceNumber: seq(n),
        data: Buffer.from(JSON.stringify({ id, key: 'k' })).toString('base64'),
        approximateArrivalTimestamp: 1_795_831_442 + n / 1000,
      },
    })),
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
    state: state as Record<string, Json>,
    shardId: SHARD,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  }
}

/** `store` with a tally of its requests. */
function counting(store: ObjectStore) {
  const calls = { put: 0, get: 0, list: 0, delete: 0 }
  const counted: ObjectStore = {
    get: (k) => (calls.get++, store.get(k)),
    put: (k, b, c) => (calls.put++, store.put(k, b, c)),
    list: (p) => (calls.list++, store.list(p)),
    delete: (ks) => (calls.delete++, store.delete(ks)),
  }
  return { store: counted, calls }
}

t.test('a window handler stores state once per window and reads nothing while warm', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const { store, calls } = counting(new S3ObjectStore(s3.s3, s3.bucket))
  const backend = () => new SegmentStateBackend({ store, prefix: 'state/distinct', ancestors: async () => [], retentionMs: 60_000 })
  const partials: PartialAccumulator[] = []
  const handler = (state = backend()) =>
    createWindowHandler({
      job: distinctJob,
      state,
      partials: { write: async (ps) => void partials.push(...ps) },
      deadLetters: new DeadLetterSink(store, 'dead-letters/distinct'),
      telemetry: silentTelemetry(),
    })
  const warm = handler()

  let state: unknown = {}
  for (let i = 0; i < 5; i++)
    state = (
      await warm(
        windowEvent(
          [
            [2 * i + 1, `a${i}`],
            [2 * i + 2, `b${i}`],
          ],
          state,
        ),
      )
    ).state
  t.same(calls, { put: 0, get: 0, list: 1, delete: 0 }, 'five invocations: one LIST at the cold start, no PUT')
  await warm(windowEvent([], state, true))
  t.equal(calls.put, 2, 'the window end stores one segment and one checkpoint')
  t.same(
    partials.map((p) => p.accumulator),
    [10],
  )

  // A new window in a cold container sees every id of the first: a resent one counts nothing.
  const cold = handler()
  const next = await cold(
    windowEvent(
      [
        [11, 'a0'],
        [12, 'c'],
      ],
      {},
    ),
  )
  await cold(windowEvent([], next.state, true))
  t.same(
    partials.map((p) => p.accumulator),
    [10, 1],
  )
})
