// The original platform's Gatling scenario as data: each virtual user is one transaction (a bid,
// maybe its impression, maybe its click), and the counts the reports must show follow from what
// the API acknowledged.
import { seededRandom } from '../harness/seededRandom.js'

/** The kinds of event a user sends, in the order it sends them. */
export type EventKind = 'bid' | 'imp' | 'click'

/** The routes of single-event requests, by kind. */
export const EVENT_ROUTES = { bid: '/bid', imp: '/impression', click: '/click' } as const satisfies Record<EventKind, string>

/** What the scenario draws from. */
export interface ScenarioConfig {
  readonly seed: number
  /** Distinguishes this run's transaction ids from any other run's. */
  readonly runId: string
  readonly campaigns: number
  readonly campaignBase: number
  readonly noImpFraction: number
  readonly noClickFraction: number
}

/** One virtual user: its transaction and which events it will send. */
export interface UserPlan {
  readonly index: number
  readonly txId: string
  readonly campaign: number
  /** `['bid']`, `['bid', 'imp']` or `['bid', 'imp', 'click']`. */
  readonly events: readonly EventKind[]
}

/** Per-campaign counts, the shape of `GET /reports/campaigns/{id}`. */
export interface CampaignCounts {
  bids: number
  imps: number
  clicks: number
}

const COUNT_FIELD = { bid: 'bids', imp: 'imps', click: 'clicks' } as const satisfies Record<EventKind, keyof CampaignCounts>

/** Events one user sends on average. */
export function eventsPerUser(noImpFraction: number, noClickFraction: number): number {
  const imp = 1 - noImpFraction
  return 1 + imp + imp * (1 - noClickFraction)
}

/** The `index`-th user of the scenario: the same for the same config, whatever the timing. */
export function userPlan(config: ScenarioConfig, index: number): UserPlan {
  const random = seededRandom(hash32(config.seed, index))
  const campaign = config.campaignBase + Math.floor(random() * config.campaigns)
  const imp = random() >= config.noImpFraction
  const click = imp && random() >= config.noClickFraction
  const events: EventKind[] = click ? ['bid', 'imp', 'click'] : imp ? ['bid', 'imp'] : ['bid']
  return { index, txId: `load-${config.runId}-${index}`, campaign, events }
}

/** The request body of one event (`type` included for `/events`; the single routes ignore it). */
export function eventBody(plan: UserPlan, kind: EventKind): Record<string, unknown> {
  switch (kind) {
    case 'bid':
      return {
        type: 'bid',
        tx_id: plan.txId,
        campaign_item_id: plan.campaign,
        app_uid: `app-${plan.index % 9973}`,
        domain: 'www.google.com',
        creative_id: `creative-${plan.index % 97}`,
        creative_category: 'testCreativeCategory',
        win_price: 10 + (plan.index % 40),
      }
    case 'imp':
      return { type: 'imp', tx_id: plan.txId, win_price: 5 + (plan.index % 30) }
    case 'click':
      return { type: 'click', tx_id: plan.txId }
  }
}

/**
 * Users that have started by `seconds` into the run: `usersPerSecond × t` at a fixed rate, or
 * `t + (peak − 1)·t²/(2·duration)` for a linear ramp from 1 user/s to `peak` users/s.
 */
export function usersStartedBy(seconds: number, usersPerSecond: number, durationSeconds: number, ramp: boolean): number {
  const t = Math.min(Math.max(seconds, 0), durationSeconds)
  const started = ramp ? t + ((usersPerSecond - 1) * t * t) / (2 * durationSeconds) : usersPerSecond * t
  return Math.floor(started + 1e-9)
}

/**
 * The counts the reports must show, built from what the API acknowledged. Events whose outcome is
 * unknown (a timeout, a 5xx without details) are kept apart: the reports may or may not hold them.
 */
export class ExpectedCounts {
  private readonly certain = new Map<number, CampaignCounts>()
  private readonly unknown = new Map<number, CampaignCounts>()

  /** Records that `kind` of this campaign was written to the stream. */
  written(campaign: number, kind: EventKind): void {
    counts(this.certain, campaign)[COUNT_FIELD[kind]]++
  }

  /** Records that `kind` of this campaign may or may not have been written. */
  uncertain(campaign: number, kind: EventKind): void {
    counts(this.certain, campaign) // the campaign is expected, possibly at zero
    counts(this.unknown, campaign)[COUNT_FIELD[kind]]++
  }

  /** Every campaign that was sent anything, ascending, with its certain counts. */
  expected(): Array<[number, CampaignCounts]> {
    return [...this.certain].sort((a, b) => a[0] - b[0]).map(([c, n]) => [c, { ...n }])
  }

  /** Counts of events with an unknown outcome, per campaign (zeros when none). */
  unknownOf(campaign: number): CampaignCounts {
    return { ...(this.unknown.get(campaign) ?? zero()) }
  }

  /** Total events written and uncertain. */
  totals(): { written: number; uncertain: number } {
    const sum = (m: Map<number, CampaignCounts>) => [...m.values()].reduce((n, c) => n + c.bids + c.imps + c.clicks, 0)
    return { written: sum(this.certain), uncertain: sum(this.unknown) }
  }
}

/** Whether `got` is what was expected, allowing for events of unknown outcome. */
export function countsMatch(expected: CampaignCounts, unknown: CampaignCounts, got: CampaignCounts): boolean {
  const within = (e: number, u: number, g: number) => g >= e && g <= e + u
  return within(expected.bids, unknown.bids, got.bids) && within(expected.imps, unknown.imps, got.imps) && within(expected.clicks, unknown.clicks, got.clicks)
}

const zero = (): CampaignCounts => ({ bids: 0, imps: 0, clicks: 0 })

function counts(map: Map<number, CampaignCounts>, campaign: number): CampaignCounts {
  let c = map.get(campaign)
  if (!c) map.set(campaign, (c = zero()))
  return c
}

/** A 32-bit mix of the seed and the user's index (murmur3's finalizer). */
function hash32(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
