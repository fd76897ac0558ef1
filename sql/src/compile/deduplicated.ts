import type { DefinedWindowJob, JobInstance } from '@sdp/aggregation-engine'

/** The state key of a partition key's seen events. */
const seenKey = (partitionKey: string) => `sql-seen:${partitionKey}`

/**
 * A job that counts each (type, tx_id) once, as the platform's reports do: the events seen per
 * partition key (the stream is keyed by `tx_id`) live in the job's keyed state outside Lambda's
 * `state`, so a duplicate is dropped also when it arrives in a later Lambda window.
 */
export function deduplicated<E extends { readonly type: string; readonly tx_id: string }, R>(job: DefinedWindowJob<E, R>): DefinedWindowJob<E, R> {
  return {
    name: job.name,
    version: job.version,
    parse: (value, partitionKey) => job.parse(value, partitionKey),
    stateKeys: (partitionKey) => [...(job.stateKeys?.(partitionKey) ?? []), seenKey(partitionKey)],
    accumulators: job.accumulators,
    allowedLateness: job.allowedLateness,
    open(args): JobInstance<E, R> {
      const inner = job.open(args)
      let duplicates = 0
      return {
        process(event, record) {
          const key = seenKey(record.partitionKey)
          const id = `${event.type}|${event.tx_id}`
          const seen = (args.state.get(key) as string[] | undefined) ?? []
          if (seen.includes(id)) {
            duplicates++
            return
          }
          args.state.set(key, [...seen, id])
          inner.process(event, record)
        },
        heartbeat: (ts) => inner.heartbeat(ts),
        estimatedBytes: () => inner.estimatedBytes(),
        flush: () => inner.flush(),
        takeOutputs: () => inner.takeOutputs(),
        snapshot: () => inner.snapshot(),
        carry: () => inner.carry(),
        counters: () => ({ ...inner.counters(), duplicates }),
      }
    },
  }
}
