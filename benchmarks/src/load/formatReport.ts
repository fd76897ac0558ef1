import type { LoadReport } from './runLoad.js'

/** How many campaigns the summary lists one by one before it shortens the table. */
const LISTED_CAMPAIGNS = 20

/**
 * The human summary of a run: requests, errors by status, latency percentiles, events/s, the
 * counts expected per campaign, and the verdict as a final `PASS …` or `FAIL …` line.
 */
export function formatReport(r: LoadReport): string {
  const n = (x: number) => x.toLocaleString('en-US')
  const s = r.settings
  const lines = [
    `load run ${r.runId} (seed ${r.seed}) against ${s.url}`,
    `  scenario   ${n(r.users)} users over ${s.durationSeconds} s ${s.ramp ? `ramping from 1 user/s to ${n(s.rate)} events/s` : `at ${n(s.rate)} events/s`}; ${pct(s.noImpFraction)} never get an impression, ${pct(s.noClickFraction)} of the rest never click`,
    `  sending    ${s.batch === 1 ? 'one event per request (/bid, /impression, /click)' : `up to ${s.batch} events per POST /events`}, at most ${s.connections} in flight`,
    `  requests   ${n(r.requests)} in ${r.seconds.toFixed(1)} s (${n(r.requestsPerSecond)}/s); by status: ${
      Object.entries(r.statuses)
        .map(([k, v]) => `${k} ×${n(v)}`)
        .join(', ') || 'none'
    }`,
    ...Object.entries(r.sampleErrors).map(([k, v]) => `             first ${k}: ${v.replace(/\s+/g, ' ')}`),
    `  latency    p50 ${r.latencyMs.p50} ms · p95 ${r.latencyMs.p95} ms · p99 ${r.latencyMs.p99} ms · max ${r.latencyMs.max} ms`,
    `  events     ${n(r.events.written)} written (${n(r.eventsPerSecond)}/s), ${n(r.events.refused)} refused, ${n(r.events.unknown)} unknown outcome, ${n(r.events.unsent)} never sent`,
    `  backlog    at most ${n(r.maxQueued)} events waited for a free connection${r.events.unsent > 0 ? `; ${n(r.events.unsent)} were still waiting ${s.drainSeconds} s after the last user started: the API was slower than the offered load` : ''}`,
    `  expected   ${n(r.expected.length)} campaigns (${r.campaignBase}…): ${totals(r)}`,
    ...r.expected.slice(0, LISTED_CAMPAIGNS).map((c) => `             ${c.campaign}  bids ${n(c.bids)}  imps ${n(c.imps)}  clicks ${n(c.clicks)}`),
    ...(r.expected.length > LISTED_CAMPAIGNS ? [`             … ${n(r.expected.length - LISTED_CAMPAIGNS)} more (--json lists all)`] : []),
  ]
  const v = r.verification
  if (v) {
    for (const m of v.mismatches.slice(0, 5)) {
      lines.push(
        `  differs    ${m.campaign}: expected ${JSON.stringify(m.expected)}${hasUnknown(m.unknown) ? ` (+ up to ${JSON.stringify(m.unknown)})` : ''}, got ${JSON.stringify(m.got)}`,
      )
    }
    lines.push(
      r.pass
        ? `PASS: all ${n(v.campaigns)} campaign reports show exactly the expected counts (after ${v.seconds} s of polling)`
        : `FAIL: ${r.events.written === 0 ? 'no event was written' : `${n(v.mismatchCount)} of ${n(v.campaigns)} campaign reports differ after ${v.seconds} s`}`,
    )
  } else {
    lines.push(
      r.pass
        ? `PASS: every event written (reports not verified: --no-verify)`
        : `FAIL: ${n(r.events.refused + r.events.unknown + r.events.unsent)} events not certainly written (reports not verified: --no-verify)`,
    )
  }
  return lines.join('\n')
}

function totals(r: LoadReport): string {
  const sum = r.expected.reduce((a, c) => ({ bids: a.bids + c.bids, imps: a.imps + c.imps, clicks: a.clicks + c.clicks }), { bids: 0, imps: 0, clicks: 0 })
  return `bids ${sum.bids.toLocaleString('en-US')}, imps ${sum.imps.toLocaleString('en-US')}, clicks ${sum.clicks.toLocaleString('en-US')}`
}

const pct = (f: number) => `${Math.round(f * 1000) / 10} %`
const hasUnknown = (c: { bids: number; imps: number; clicks: number }) => c.bids + c.imps + c.clicks > 0
