// Polls a platform's reports until every campaign shows exactly the counts sent.

/** A campaign's counts as `GET /reports/campaigns/{id}` answers them. */
export interface CampaignTotals {
  readonly bids: number
  readonly imps: number
  readonly clicks: number
}

/** What {@link untilReportsExact} saw. */
export interface ReportsExact {
  /** Milliseconds from the call until the poll that found every campaign exact began. */
  readonly ms: number
  readonly polls: number
}

/** Options of {@link untilReportsExact}. */
export interface UntilExactOptions {
  /** Pause between polls. @default 50 */
  readonly pollMs?: number
  /** Give up (throw) after this. @default 120000 */
  readonly timeoutMs?: number
  /** Called with each poll's start time (ms since the call) before it is sent: e.g. to sample `/health`. */
  readonly onPoll?: (elapsedMs: number) => void
}

const same = (a: CampaignTotals, b: CampaignTotals) => a.bids === b.bids && a.imps === b.imps && a.clicks === b.clicks

/**
 * Resolves once one poll of `GET {url}/reports/campaigns/{id}` for every campaign of `expected`
 * (all requests of a poll in flight together) finds each exactly as expected. The time is that
 * poll's start: the reports were exact by then at the latest, so the figure is short of the truth
 * by at most one poll's duration, never long by a pause.
 * @throws Error naming the campaigns still off when `timeoutMs` passes
 */
export async function untilReportsExact(url: string, expected: ReadonlyMap<number, CampaignTotals>, options: UntilExactOptions = {}): Promise<ReportsExact> {
  const { pollMs = 50, timeoutMs = 120_000 } = options
  const started = performance.now()
  let polls = 0
  for (;;) {
    const pollStart = performance.now() - started
    options.onPoll?.(pollStart)
    polls++
    const off: string[] = []
    await Promise.all(
      [...expected].map(async ([campaign, want]) => {
        const res = await fetch(`${url}/reports/campaigns/${campaign}`)
        const got = (await res.json()) as CampaignTotals
        if (res.status !== 200 || !same(got, want))
          off.push(`${campaign}: ${JSON.stringify({ bids: got.bids, imps: got.imps, clicks: got.clicks })} != ${JSON.stringify(want)}`)
      }),
    )
    if (off.length === 0) return { ms: pollStart, polls }
    if (pollStart > timeoutMs) throw new Error(`reports not exact after ${Math.round(pollStart)} ms: ${off.slice(0, 3).join('; ')}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}
