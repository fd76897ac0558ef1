import type { ForwardedRecord } from '@sdp/stream-runtime'
import type { AdTechOutput } from '../job/adTechJob.js'

/** The longest `app_uid` the walk-in join takes: a location ping's key is its Kinesis partition key. */
const MAX_APP_UID = 256

/**
 * What stage 1 forwards to the walk-in join, keyed by `app_uid`: every location ping, and every
 * impression and click it counted (joined with its bid, whose `app_uid` they take). Each forward
 * is named by the record that produced it and its place among that record's forwards, so a
 * retried stage 1 forwards the same identities. Contributions without an `app_uid` (an entry
 * stored before it was kept, or a bid with an empty one) are not forwarded.
 */
export function walkInForwards(emitted: readonly AdTechOutput[]): ForwardedRecord[] {
  const out: ForwardedRecord[] = []
  for (const output of emitted) {
    const seq = output.sequenceNumber
    if (output.event.type === 'location') {
      out.push({ key: output.event.app_uid, seq, sub: 0, value: { type: 'location', ts: output.event.ts } })
      continue
    }
    const txId = output.event.tx_id
    for (const [i, c] of output.contributions.entries()) {
      if (c.kind === 'bid' || !c.appUid || c.appUid.length > MAX_APP_UID) continue
      out.push({ key: c.appUid, seq, sub: i + 1, value: { type: c.kind, tx_id: txId, campaign: c.campaign, ts: c.ts } })
    }
  }
  return out
}
