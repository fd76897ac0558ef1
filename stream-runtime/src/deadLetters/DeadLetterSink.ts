import type { DeadLetter } from '@sdp/aggregation-engine'
import type { ObjectStore } from '../state/ObjectStore.js'
import { padSequence } from '../state/segmentKeys.js'

/**
 * Writes a batch's dead letters (records that could not be decoded or were invalid, with the
 * reason) to `errors/<source>/dt=YYYY-MM-DD/<shard>-<first>-<last>.json` in the lake. The name
 * comes from the records, so a retried invocation overwrites the same object.
 */
export class DeadLetterSink {
  constructor(
    private readonly store: ObjectStore,
    private readonly source: string,
  ) {}

  async write(deadLetters: readonly DeadLetter[]): Promise<string | undefined> {
    const first = deadLetters[0]
    const last = deadLetters[deadLetters.length - 1]
    if (!first || !last) return undefined
    const day = new Date(first.arrivalTime).toISOString().slice(0, 10)
    const key = `errors/${this.source}/dt=${day}/${first.shardId}-${padSequence(first.sequenceNumber)}-${padSequence(last.sequenceNumber)}.json`
    await this.store.put(key, JSON.stringify({ source: this.source, count: deadLetters.length, records: deadLetters }))
    return key
  }
}
