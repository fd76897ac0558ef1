import type { HttpClient } from './HttpClient.js'
import { countsMatch, type CampaignCounts, type ExpectedCounts } from './scenario.js'

/** A campaign whose report differs from what was sent. */
export interface Mismatch {
  readonly campaign: number
  readonly expected: CampaignCounts
  /** Counts of events with an unknown outcome (the report may include them). */
  readonly unknown: CampaignCounts
  /** The report, or the error the reports API answered with. */
  readonly got: CampaignCounts | { readonly error: string }
}

/** The verdict of {@link verifyReports}. */
export interface Verification {
  readonly pass: boolean
  /** Campaigns checked. */
  readonly campaigns: number
  /** Seconds from the start of verification until every report matched (or the deadline). */
  readonly seconds: number
  readonly polls: number
  /** Mismatches at the end (empty on a pass); at most 20 are kept. */
  readonly mismatches: readonly Mismatch[]
  readonly mismatchCount: number
}

/** Options of {@link verifyReports}. */
export interface VerifyOptions {
  /** `…/reports/campaigns` without a trailing slash. */
  readonly reportsUrl: string
  readonly timeoutMs: number
  /** Pause between polls. @default 1000 */
  readonly pollMs?: number
  /** Report requests in flight. @default 16 */
  readonly concurrency?: number
  /** Called after each poll with the number of campaigns still differing. */
  readonly onPoll?: (differing: number, elapsedMs: number) => void
}

/**
 * Polls `GET {reportsUrl}/{campaign}` until every campaign shows exactly the expected counts (the
 * Lambda window that holds the last events must close first), or the deadline passes. Campaigns
 * that differ are polled again; once none does, all are read once more to confirm.
 */
export async function verifyReports(client: HttpClient, expected: ExpectedCounts, options: VerifyOptions): Promise<Verification> {
  const started = performance.now()
  const deadline = started + options.timeoutMs
  const all = expected.expected()
  const want = new Map(all)
  let pending = all.map(([c]) => c)
  let mismatches: Mismatch[]
  let polls = 0
  let confirming = false
  for (;;) {
    polls++
    mismatches = await check(client, options, confirming ? all.map(([c]) => c) : pending, want, expected)
    options.onPoll?.(mismatches.length, performance.now() - started)
    if (mismatches.length === 0) {
      if (confirming) break
      confirming = true
      continue
    }
    confirming = false
    pending = mismatches.map((m) => m.campaign)
    if (performance.now() + (options.pollMs ?? 1000) > deadline) break
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000))
  }
  return {
    pass: mismatches.length === 0,
    campaigns: all.length,
    seconds: Math.round(performance.now() - started) / 1000,
    polls,
    mismatches: mismatches.slice(0, 20),
    mismatchCount: mismatches.length,
  }
}

async function check(
  client: HttpClient,
  options: VerifyOptions,
  campaigns: number[],
  want: Map<number, CampaignCounts>,
  expected: ExpectedCounts,
): Promise<Mismatch[]> {
  const out: Mismatch[] = []
  let next = 0
  const worker = async () => {
    while (next < campaigns.length) {
      const campaign = campaigns[next++] as number
      const wanted = want.get(campaign) as CampaignCounts
      const unknown = expected.unknownOf(campaign)
      const res = await client.request('GET', `${options.reportsUrl}/${campaign}`)
      if (res.status !== 200) {
        out.push({ campaign, expected: wanted, unknown, got: { error: `${res.status || 'no response'}: ${(res.error ?? res.body).slice(0, 200)}` } })
        continue
      }
      let got: CampaignCounts
      try {
        const body = JSON.parse(res.body) as Partial<CampaignCounts>
        got = { bids: Number(body.bids), imps: Number(body.imps), clicks: Number(body.clicks) }
      } catch {
        out.push({ campaign, expected: wanted, unknown, got: { error: `not JSON: ${res.body.slice(0, 200)}` } })
        continue
      }
      if (!countsMatch(wanted, unknown, got)) out.push({ campaign, expected: wanted, unknown, got })
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, campaigns.length) }, worker))
  return out.sort((a, b) => a.campaign - b.campaign)
}
