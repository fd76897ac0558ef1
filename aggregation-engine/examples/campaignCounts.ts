// README example 1: per-campaign counts of bids, impressions and clicks in one-minute tumbling
// windows, impressions and clicks joined to their bid by tx_id with interval joins. One watermark
// (bounded out-of-orderness over every event and heartbeat) drives both joins and the window.
import { boundedOutOfOrderness, composite, count, createWindowOperator, intervalJoin, tumblingWindows } from '../src/index.js'

type Bid = { type: 'bid'; tx_id: string; campaign_item_id: number; ts: number }
type Imp = { type: 'imp'; tx_id: string; ts: number }
type Click = { type: 'click'; tx_id: string; ts: number }
type Counted = { kind: 'bid' | 'imp' | 'click'; campaign: number; ts: number }

export function campaignCounts(events: Array<Bid | Imp | Click>, heartbeatTs: number) {
  const FIVE_MINUTES = 300_000
  // Impressions within five minutes of their bid (either side), clicks within five minutes of their impression.
  const bidImp = intervalJoin({
    leftKey: (b: Bid) => b.tx_id, rightKey: (i: Imp) => i.tx_id,
    leftTimestamp: (b) => b.ts, rightTimestamp: (i) => i.ts,
    lowerBound: -FIVE_MINUTES, upperBound: FIVE_MINUTES,
  })
  const impClick = intervalJoin({
    leftKey: (i: Counted & { tx_id: string }) => i.tx_id, rightKey: (c: Click) => c.tx_id,
    leftTimestamp: (i) => i.ts, rightTimestamp: (c) => c.ts,
    lowerBound: -FIVE_MINUTES, upperBound: FIVE_MINUTES,
  })
  const perCampaign = createWindowOperator({
    keyBy: (c: Counted) => c.campaign,
    timestamp: (c) => c.ts,
    assigner: tumblingWindows({ size: 60_000 }),
    watermark: { bound: 5_000 },
    aggregate: composite({
      bids: count((c: Counted) => c.kind === 'bid'),
      imps: count((c: Counted) => c.kind === 'imp'),
      clicks: count((c: Counted) => c.kind === 'click'),
    }),
  })
  const watermark = boundedOutOfOrderness({ bound: 5_000 })
  const advance = () => {
    for (const op of [bidImp, impClick, perCampaign]) op.advanceWatermark(watermark.currentWatermark())
  }

  for (const e of events) {
    if (e.type === 'bid') {
      bidImp.processLeft(e)
      perCampaign.processElement({ kind: 'bid', campaign: e.campaign_item_id, ts: e.ts })
    } else if (e.type === 'imp') bidImp.processRight(e)
    else impClick.processRight(e)
    for (const { left, right } of bidImp.takeOutputs().joined) {
      const imp = { kind: 'imp' as const, campaign: left.campaign_item_id, ts: right.ts, tx_id: right.tx_id }
      perCampaign.processElement(imp)
      impClick.processLeft(imp)
    }
    for (const { left, right } of impClick.takeOutputs().joined) perCampaign.processElement({ kind: 'click', campaign: left.campaign, ts: right.ts })
    watermark.onEvent(e.ts)
    advance() // after the event, as Flink emits a watermark after the element
  }
  watermark.onHeartbeat(heartbeatTs) // a quiet shard's heartbeat closes the windows
  advance()
  return perCampaign.takeOutputs().results.map((r) => ({ campaign: r.key, window: r.window, ...r.value }))
}
