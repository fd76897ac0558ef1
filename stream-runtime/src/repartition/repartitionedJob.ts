import type { JobInstance, ParseResult, WindowJob } from '@sdp/aggregation-engine'
import { bucketOf } from '../exchange/partialBuckets.js'
import { RepartitionError } from '../errors.js'
import { FORWARD_FIELD, UNREADABLE_FIELD } from './expandRepartitioned.js'
import { compareIdentities } from './RepartitionRecord.js'

/** An event of a repartitioned job: the inner job's event, with the identity it was forwarded under. */
export interface ForwardedEvent<E> {
  /** `[source, seq, sub]`; undefined for a record that was not forwarded (a heartbeat). */
  readonly forward: readonly [source: string, seq: string, sub: number] | undefined
  readonly event: E
}

/** Per upstream source, the last identity taken from one key group. */
type Marks = Record<string, [string, number]>

/** The reserved state keys of the marks: one per key group of the keyed stream. */
const MARKS_PREFIX = '~rp|'
const marksKey = (partitionKey: string) => `${MARKS_PREFIX}${bucketOf(partitionKey)}`

/**
 * A job of a keyed stream (fed by `KinesisRepartitionSink`), run on records expanded by
 * `expandRepartitioned`: it takes each forward once and hands it to `job` with its key as the
 * partition key. The last identity taken per (upstream source, key group) is kept in the job's
 * own keyed state, read and written with the rest of it, so a retried or bisected invocation of
 * either stage, or a record forwarded twice, leaves the job seeing each forward exactly once.
 *
 * @throws RepartitionError for a job the keyed stream cannot run correctly: one whose external
 *   state keys do not depend on the partition key (every shard of the keyed stream would keep its
 *   own copy of them), or that uses the keys reserved for the marks
 */
export function repartitionedJob<E, R>(job: WindowJob<E, R>): WindowJob<ForwardedEvent<E>, R> {
  checkShape(job)
  const parseInner = (value: unknown, partitionKey: string): ParseResult<ForwardedEvent<E>> => {
    const parsed = job.parse(value, partitionKey)
    return parsed.kind === 'event' ? { kind: 'event', event: { forward: undefined, event: parsed.event } } : parsed
  }
  return {
    name: job.name,
    version: job.version,
    parse(value, partitionKey) {
      const record = value as Record<string, unknown> | null
      if (typeof record !== 'object' || record === null) return parseInner(value, partitionKey)
      if (UNREADABLE_FIELD in record) return { kind: 'invalid', reason: `not a keyed-stream record: ${String(record[UNREADABLE_FIELD])}` }
      const forward = record[FORWARD_FIELD] as ForwardedEvent<E>['forward']
      if (forward === undefined) return parseInner(value, partitionKey)
      const parsed = job.parse(record.v, partitionKey)
      return parsed.kind === 'event' ? { kind: 'event', event: { forward, event: parsed.event } } : parsed
    },
    stateKeys: (partitionKey) => [...(job.stateKeys?.(partitionKey) ?? []), marksKey(partitionKey)],
    open(args) {
      const inner = job.open(args)
      let duplicates = 0
      const instance: JobInstance<ForwardedEvent<E>, R> = {
        process({ forward, event }, record) {
          if (forward) {
            const key = marksKey(record.partitionKey)
            const marks = (args.state.get(key) ?? {}) as Marks
            const [source, seq, sub] = forward
            const mark = marks[source]
            if (mark && compareIdentities([seq, sub], mark) <= 0) {
              duplicates++
              return
            }
            args.state.set(key, { ...marks, [source]: [seq, sub] })
          }
          inner.process(event, record)
        },
        heartbeat: (ts) => inner.heartbeat(ts),
        estimatedBytes: () => inner.estimatedBytes(),
        flush: () => inner.flush(),
        takeOutputs() {
          const { emitted, late } = inner.takeOutputs()
          return { emitted, late: late.map((event) => ({ forward: undefined, event })) }
        },
        snapshot: () => inner.snapshot(),
        carry: () => inner.carry(),
        counters: () => ({ ...inner.counters(), forwardDuplicates: duplicates }),
      }
      return instance
    },
  }
}

/** Refuses, when the job is built, what a keyed stream cannot run correctly. */
function checkShape<E, R>(job: WindowJob<E, R>): void {
  if (typeof job.parse !== 'function' || typeof job.open !== 'function') throw new RepartitionError(`job ${job.name}: parse and open must be functions`)
  if (!job.stateKeys) return
  const probes = ['app-1', 'app-2', 'campaign-3']
  const keys = probes.map((p) => job.stateKeys?.(p) ?? [])
  if (keys.flat().some((k) => k.startsWith(MARKS_PREFIX))) {
    throw new RepartitionError(`job ${job.name}: state keys starting with ${MARKS_PREFIX} are reserved for the repartition's marks`)
  }
  const shared = keys.reduce((common, ks) => common.filter((k) => ks.includes(k)))
  if (shared.length > 0) {
    throw new RepartitionError(
      `job ${job.name}: its state key ${JSON.stringify(shared[0])} is the same for every partition key, but a keyed stream spreads keys over shards that each keep their own state: key the job's state by the partition key`,
    )
  }
}
