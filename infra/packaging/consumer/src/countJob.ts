// A window job written against the published engine alone: clicks per campaign in one-minute
// event-time windows, with a five-second out-of-orderness bound.
import {
  count,
  createWindowOperator,
  restoreWindowOperator,
  tumblingWindows,
  type AggregateWindowOperatorOptions,
  type Json,
  type WindowJob,
  type WindowOperator,
  type WindowResult,
} from '@sdp/aggregation-engine'

export interface Click {
  readonly campaign: number
  readonly ts: number
}

const options: AggregateWindowOperatorOptions<Click, number, number> = {
  keyBy: (click) => click.campaign,
  timestamp: (click) => click.ts,
  assigner: tumblingWindows({ size: 60_000 }),
  watermark: { bound: 5_000 },
  aggregate: count<Click>(),
}

function parseClick(value: unknown): Click | string {
  if (typeof value !== 'object' || value === null) return 'not an object'
  const record = value as Record<string, unknown>
  const campaign = record['campaign']
  const ts = record['ts']
  if (typeof campaign !== 'number' || !Number.isSafeInteger(campaign)) return 'campaign must be an integer'
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) return 'ts must be an integer'
  return { campaign, ts }
}

export const clicksPerCampaign: WindowJob<Click, WindowResult<number>> = {
  name: 'clicks-per-campaign',
  version: 1,
  parse(value) {
    const record = value as Record<string, unknown> | null
    if (record?.['type'] === 'heartbeat' && typeof record['ts'] === 'number') return { kind: 'heartbeat', ts: record['ts'] }
    const click = parseClick(value)
    return typeof click === 'string' ? { kind: 'invalid', reason: click } : { kind: 'event', event: click }
  },
  open({ snapshot, carry }) {
    let operator: WindowOperator<Click, number>
    const restored = snapshot === undefined ? undefined : restoreWindowOperator(options, snapshot)
    if (restored?.ok) operator = restored.operator
    else {
      operator = createWindowOperator(options)
      if (typeof carry === 'number') operator.advanceWatermark(carry)
    }
    return {
      process: (click) => operator.processElement(click),
      heartbeat: (ts) => operator.processHeartbeat(ts),
      estimatedBytes: () => operator.estimatedBytes(),
      flush: () => operator.flushPartials(),
      takeOutputs: () => {
        const { results, late } = operator.takeOutputs()
        return { emitted: results, late }
      },
      snapshot: (): Json => operator.snapshot(),
      carry: (): Json => operator.watermark(),
      counters: () => ({}),
    }
  },
}
