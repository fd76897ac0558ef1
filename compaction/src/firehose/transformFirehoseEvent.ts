import { InvalidFirehoseEventError } from '../errors.js'
import type { RefusedRecord } from './deadLetterObject.js'
import { transformStreamRecord } from './transformStreamRecord.js'
import type { FirehoseTransformationEvent, FirehoseTransformationResponse } from './types.js'

/** The response for Firehose and the records refused, for the dead-letter object and the log. */
export interface FirehoseTransformation {
  readonly response: FirehoseTransformationResponse
  readonly refused: RefusedRecord[]
  readonly counts: { readonly ok: number; readonly dropped: number; readonly failed: number }
}

/**
 * Transforms a Firehose data-transformation event with {@link transformStreamRecord}: every input
 * `recordId` is echoed once, in order; `Ok` records carry the newline-framed JSON and
 * `metadata.partitionKeys` `{dt, hour}` for dynamic partitioning
 * (`raw/bcns/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/`); heartbeats are
 * `Dropped`; bad records are `ProcessingFailed` with their original data (Firehose writes them to
 * its error prefix) and are returned in `refused` with the reason.
 *
 * @throws InvalidFirehoseEventError when the event has no `records` array
 */
export function transformFirehoseEvent(event: FirehoseTransformationEvent): FirehoseTransformation {
  const given: unknown = event?.records
  if (!Array.isArray(given)) throw new InvalidFirehoseEventError('a Firehose transformation event must have a records array')
  const refused: RefusedRecord[] = []
  const counts = { ok: 0, dropped: 0, failed: 0 }
  const records = event.records.map((record) => {
    const out = transformStreamRecord(Buffer.from(record.data ?? '', 'base64'))
    if (out.result === 'Ok') {
      counts.ok++
      return {
        recordId: record.recordId,
        result: out.result,
        data: Buffer.from(out.line, 'utf8').toString('base64'),
        metadata: { partitionKeys: { dt: out.partition.dt, hour: out.partition.hour } },
      }
    }
    if (out.result === 'Dropped') counts.dropped++
    else {
      counts.failed++
      refused.push({ id: record.recordId, reason: out.reason, data: record.data, arrivalTime: record.approximateArrivalTimestamp })
    }
    return { recordId: record.recordId, result: out.result, data: record.data }
  })
  return { response: { records }, refused, counts }
}
