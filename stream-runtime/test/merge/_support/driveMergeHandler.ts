// Drives a stage-2 handler the way the event-source mapping does — per-shard order, batches
// retried whole or bisected after writing, invocations repeated with the same input state, fresh
// containers, empty final invokes, and a split of the partials stream into a parent and a child
// shard — so property tests of every merge core share one model of delivery.
import fc from 'fast-check'
import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import type { PartialsRecord } from '../../../src/exchange/PartialsRecord.js'

/** How the mapping delivers one batch. */
export interface BatchDelivery {
  readonly size: number
  /** 'whole': the batch wrote everything, then "failed" (response dropped); 'bisect': the retry comes in halves. */
  readonly fail: 'none' | 'whole' | 'bisect'
  readonly fresh: boolean
  readonly twice: boolean
  readonly final: boolean
}

/** One step of the delivery plan. */
export interface DeliveryStep extends BatchDelivery {
  /** Stage 1 resends this flush's records (a retried stage-1 invocation). */
  readonly resend: boolean
}

export const deliveryPlan = fc.array(
  fc.record({
    size: fc.integer({ min: 1, max: 4 }),
    fail: fc.constantFrom('none' as const, 'none' as const, 'whole' as const, 'bisect' as const),
    fresh: fc.boolean(),
    twice: fc.boolean(),
    final: fc.boolean(),
    resend: fc.boolean(),
  }),
  { minLength: 30, maxLength: 30 },
)

export const seq = (n: number) => `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`

/** The records of the sources interleaved into one stream, each source's kept in order. */
export function interleave(streams: readonly PartialsRecord[][], salt: number): PartialsRecord[] {
  const total = streams.reduce((n, s) => n + s.length, 0)
  const stream: PartialsRecord[] = []
  const cursors = streams.map(() => 0)
  for (let i = 0; stream.length < total; i++) {
    const s = (i * 7 + salt) % streams.length
    const next = streams[s]?.[cursors[s] as number]
    if (next) {
      stream.push(next)
      cursors[s] = (cursors[s] as number) + 1
    }
  }
  return stream
}

/** Shard lineage of the driven stream: `child` is the split of `parent`. */
export const ancestors = async (shard: string) => (shard === 'child' ? ['parent'] : [])

type Handler = (event: KinesisWindowEvent) => Promise<KinesisWindowResponse>
type StreamRecord = KinesisWindowEvent['Records'][number]['kinesis']

/**
 * Delivers one shard's `records` to the handler in `at.handler`, batched, retried and repeated
 * as `plan` says from step `at.step` on (both moved on as it goes), a fresh container from
 * `container` where a step says, and an empty final invoke at the end.
 */
export async function deliverShard(
  shardId: string,
  records: readonly StreamRecord[],
  plan: readonly BatchDelivery[],
  at: { step: number; handler: Handler },
  container: () => Handler,
): Promise<void> {
  let state: KinesisWindowEvent['state'] = {}
  const event = (from: number, to: number, final: boolean): KinesisWindowEvent => ({
    shardId,
    window: { start: '', end: '' },
    state,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
    Records: records.slice(from, to).map((kinesis) => ({ kinesis })),
  })
  let next = 0
  while (next < records.length) {
    const p = plan[at.step++ % plan.length]!
    const to = Math.min(records.length, next + p.size)
    if (p.fresh) at.handler = container()
    if (p.fail !== 'none') await at.handler(event(next, to, false))
    const ends = p.fail === 'bisect' && to - next > 1 ? [next + Math.ceil((to - next) / 2), to] : [to]
    let from = next
    for (const end of ends) {
      if (p.twice) await at.handler(event(from, end, false))
      state = (await at.handler(event(from, end, false))).state
      from = end
    }
    if (p.final) state = (await at.handler(event(to, to, true))).state
    next = to
  }
  await at.handler(event(records.length, records.length, true))
}

/**
 * Delivers `stream` to handlers made by `container`: the first `splitAt` percent on shard
 * `parent`, the rest on its child, batched, retried and repeated as `plan` says.
 */
export async function driveMergeHandler(
  stream: readonly PartialsRecord[],
  splitAt: number,
  plan: readonly DeliveryStep[],
  container: () => Handler,
  arrivalTime: number,
): Promise<void> {
  const split = Math.min(stream.length, Math.floor((splitAt / 100) * stream.length))
  const at = { step: 0, handler: container() }
  let n = 1000
  for (const [shardId, records] of [
    ['parent', stream.slice(0, split)],
    ['child', stream.slice(split)],
  ] as const) {
    const kinesis = records.map((r) => ({
      data: Buffer.from(JSON.stringify(r)).toString('base64'),
      partitionKey: `b${r.bucket}`,
      sequenceNumber: seq(n++),
      approximateArrivalTimestamp: arrivalTime / 1000,
    }))
    await deliverShard(shardId, kinesis, plan, at, container)
  }
}
