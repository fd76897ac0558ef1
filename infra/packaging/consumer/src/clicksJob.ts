// A job as a user writes it for deployment: clicks per campaign per minute, built by defineWindowJob.
import { count, defineWindowJob, tumblingWindows } from '@sdp/aggregation-engine'

interface Click {
  readonly campaign: number
  readonly ts: number
}

export default defineWindowJob({
  name: 'clicks-per-campaign',
  version: 1,
  parse: (value) => {
    const record = value as Record<string, unknown>
    const campaign = record['campaign']
    const ts = record['ts']
    if (typeof ts !== 'number') return { kind: 'invalid', reason: 'ts must be a number' }
    if (typeof campaign !== 'number') return { kind: 'heartbeat', ts }
    return { kind: 'event', event: { campaign, ts } }
  },
  timestamp: (click: Click) => click.ts,
  watermark: { bound: 5_000 },
  key: (click) => click.campaign,
  assigner: tumblingWindows({ size: 60_000 }),
  aggregate: count(),
})
