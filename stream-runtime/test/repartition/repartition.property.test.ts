// A raw repartition driven the way Lambda drives both of its ends — upstream invocations whose
// PutRecords fail part-way and are retried whole or bisected, or delivered twice; keyed-stream
// invocations retried, bisected, doubled and run in fresh containers — must hand the downstream
// job each forwarded record exactly once: the same multiset per key as a brute-force regrouping.
import t from 'tap'
import fc from 'fast-check'
import { deepStrictEqual } from 'node:assert'
import type { PutRecordsCommand } from '@aws-sdk/client-kinesis'
import type { Json, WindowJob } from '@sdp/aggregation-engine'
import { silentTelemetry } from '@sdp/service-kit'
import { MemoryObjectStore } from '../../../test-support/memoryObjectStore.js'
import { DeadLetterSink } from '../../src/deadLetters/DeadLetterSink.js'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { KinesisRepartitionSink } from '../../src/repartition/KinesisRepartitionSink.js'
import { decodeRepartitionRecord, type ForwardedRecord } from '../../src/repartition/RepartitionRecord.js'
import { createRepartitionedWindowHandler } from '../../src/repartition/createRepartitionedWindowHandler.js'
import { deliverShard } from '../merge/_support/driveMergeHandler.js'

const seq = (n: number) => `4959033827149025660855969253836157109592157598913${String(n).padStart(7, '0')}`
const KEYS = ['app-a', 'app-b', 'app-c', 'app-d', 'app-e', 'app-f']

/** A downstream job that keeps, per key, every value it was handed: its state is what it saw. */
const collectJob: WindowJob<string> = {
  name: 'collect',
  version: 1,
  parse: (value) => (typeof value === 'string' ? { kind: 'event', event: value } : { kind: 'invalid', reason: 'not a string' }),
  stateKeys: (pk) => [`seen|${pk}`],
  open: ({ state }) => ({
    process(event, record) {
      const key = `seen|${record.partitionKey}`
      state.set(key, [...((state.get(key) ?? []) as string[]), event])
    },
    heartbeat: () => undefined,
    estimatedBytes: () => 0,
    flush: () => [],
    takeOutputs: () => ({ emitted: [], late: [] }),
    snapshot: () => null,
    carry: () => null,
    counters: () => ({}),
  }),
}

/** The keyed stream: records per shard (key groups 0–31 and 32–63), entries refused while `refusing`. */
class FakeKeyedStream {
  readonly shards: Uint8Array[][] = [[], []]
  refusing: (() => boolean) | undefined
  async send(command: PutRecordsCommand) {
    const records = command.input.Records ?? []
    const out = records.map((r) => {
      if (this.refusing?.()) return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
      const read = decodeRepartitionRecord(r.Data as Uint8Array)
      if (!read.ok) throw new Error(read.reason)
      this.shards[read.record.bucket < 32 ? 0 : 1]?.push(r.Data as Uint8Array)
      return { SequenceNumber: '1', ShardId: 'x' }
    })
    return { FailedRecordCount: out.filter((o) => 'ErrorCode' in o).length, Records: out, $metadata: {} }
  }
}

const upstreamStep = fc.record({
  size: fc.integer({ min: 1, max: 5 }),
  fail: fc.constantFrom('none', 'none', 'partial', 'bisect'),
  twice: fc.boolean(),
})
const downstreamStep = fc.record({
  size: fc.integer({ min: 1, max: 6 }),
  fail: fc.constantFrom('none', 'none', 'whole', 'bisect'),
  fresh: fc.boolean(),
  twice: fc.boolean(),
  final: fc.boolean(),
})

t.test('every forward reaches the downstream job once, whatever is retried, bisected or doubled', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      // Per upstream shard, per record: the keys of its forwards (0 to 3).
      fc.array(fc.array(fc.array(fc.constantFrom(...KEYS), { maxLength: 3 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 2 }),
      fc.array(upstreamStep, { minLength: 20, maxLength: 20 }),
      fc.array(downstreamStep, { minLength: 20, maxLength: 20 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      async (sources, upPlan, downPlan, seed) => {
        let r = seed
        const random = () => (r = (r * 16807) % 2147483647) / 2147483647 < 0.4
        const stream = new FakeKeyedStream()
        const sink = new KinesisRepartitionSink({
          kinesis: stream,
          streamName: 'keyed',
          sourceStream: 'events',
          retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
        })
        const expected = new Map<string, string[]>()
        let step = 0
        for (const [s, records] of sources.entries()) {
          const forwardsOf = (from: number, to: number): ForwardedRecord[] =>
            records.slice(from, to).flatMap((keys, i) => keys.map((key, sub) => ({ key, seq: seq(from + i), sub, value: `${s}/${from + i}/${sub}` })))
          for (const f of forwardsOf(0, records.length)) expected.set(f.key, [...(expected.get(f.key) ?? []), f.value as string])
          const write = async (from: number, to: number) => sink.write(forwardsOf(from, to), `shard-${s}`)
          let at = 0
          while (at < records.length) {
            const p = upPlan[step++ % upPlan.length]!
            const to = Math.min(records.length, at + p.size)
            if (p.fail !== 'none') {
              stream.refusing = random
              await write(at, to).catch(() => undefined) // some entries stored, then the invocation failed
              stream.refusing = undefined
            }
            const ends = p.fail === 'bisect' && to - at > 1 ? [at + Math.ceil((to - at) / 2), to] : [to]
            let from = at
            for (const end of ends) {
              await write(from, end)
              if (p.twice) await write(from, end)
              from = end
            }
            at = to
          }
        }
        const store = new MemoryObjectStore()
        const container = () =>
          createRepartitionedWindowHandler({
            source: 'collect',
            job: collectJob,
            state: new SegmentStateBackend({ store, prefix: 'state/collect', ancestors: async () => [], retentionMs: 86_400_000 }),
            partials: { write: async () => undefined },
            deadLetters: new DeadLetterSink(store, 'collect'),
            telemetry: silentTelemetry(),
          })
        const at = { step: 0, handler: container() }
        for (const [n, records] of stream.shards.entries()) {
          const kinesis = records.map((data, i) => ({
            data: Buffer.from(data).toString('base64'),
            partitionKey: 'b0',
            sequenceNumber: seq(100 + i),
            approximateArrivalTimestamp: 1_800_000_000,
          }))
          await deliverShard(`shardId-00000000000${n}`, kinesis, downPlan, at, container)
        }
        const actual = new Map<string, string[]>()
        for (const n of [0, 1]) {
          const backend = new SegmentStateBackend({ store, prefix: 'state/collect', ancestors: async () => [], retentionMs: 86_400_000 })
          const found = await backend.read(
            `shardId-00000000000${n}`,
            KEYS.map((k) => `seen|${k}`),
            undefined,
            undefined,
          )
          for (const [k, v] of found) actual.set(k.slice('seen|'.length), [...(actual.get(k.slice('seen|'.length)) ?? []), ...(v as string[])])
        }
        const sorted = (m: Map<string, string[]>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()] as const).sort())
        deepStrictEqual(sorted(actual), sorted(expected))
      },
    ),
    { numRuns: 60 },
  )
  t.pass('held for every generated run')
})

t.test('the keyed stream refuses what it cannot run correctly, when built', async (t) => {
  const kinesis = new FakeKeyedStream()
  t.throws(() => new KinesisRepartitionSink({ kinesis, streamName: 'events', sourceStream: 'events' }), /cannot repartition events into itself/)
  const base = {
    state: new SegmentStateBackend({ store: new MemoryObjectStore(), prefix: 's', ancestors: async () => [], retentionMs: 1 }),
    partials: { write: async () => undefined },
    deadLetters: new DeadLetterSink(new MemoryObjectStore(), 'x'),
  }
  t.throws(() => createRepartitionedWindowHandler({ ...base, source: 'a/b', job: collectJob }), /source must be a non-empty name/)
  t.throws(
    () => createRepartitionedWindowHandler({ ...base, source: 'ok', job: { ...collectJob, stateKeys: () => ['global'] } }),
    /state key "global" is the same for every partition key/,
  )
  t.throws(
    () => createRepartitionedWindowHandler({ ...base, source: 'ok', job: { ...collectJob, stateKeys: (pk) => [`~rp|${pk}`] } }),
    /reserved for the repartition's marks/,
  )
})

t.test('a keyed-stream record that cannot be read is dead-lettered with the reason, and the rest still runs', async (t) => {
  const store = new MemoryObjectStore()
  const handler = createRepartitionedWindowHandler({
    source: 'collect',
    job: collectJob,
    state: new SegmentStateBackend({ store, prefix: 'state/collect', ancestors: async () => [], retentionMs: 86_400_000 }),
    partials: { write: async () => undefined },
    deadLetters: new DeadLetterSink(store, 'collect'),
    telemetry: silentTelemetry(),
  })
  const { gzipSync } = await import('node:zlib')
  const bad = gzipSync(JSON.stringify({ v: 1, kind: 'repartition', source: 's', bucket: 0, items: [['k', 'x', 0, 1]] }))
  const response = await handler({
    shardId: 'shardId-000000000000',
    window: { start: '', end: '' },
    state: {},
    isFinalInvokeForWindow: true,
    isWindowTerminatedEarly: false,
    Records: [
      { kinesis: { data: Buffer.from(bad).toString('base64'), partitionKey: 'b0', sequenceNumber: seq(1), approximateArrivalTimestamp: 1_800_000_000 } },
    ],
  })
  t.same(response.batchItemFailures, [])
  const letters = [...store.objects.keys()].filter((k) => k.startsWith('errors/'))
  t.equal(letters.length, 1)
  t.match(store.text(letters[0] as string), /not a keyed-stream record: items\[0\] must be \[key, sequence number, index, value\]/)
  const json: Json = null
  t.equal(json, null)
})
