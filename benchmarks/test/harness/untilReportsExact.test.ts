// postEvents and untilReportsExact against the in-process platform: a short history stored by
// the two reporting stages, then a wrong expectation that must time out.
import t from 'tap'
import { DAY_MS } from '@sdp/stream-runtime'
import { untilHealthy, withPlatform } from '../../src/harness/platform.js'
import { postEvents } from '../../src/harness/postEvents.js'
import { untilReportsExact } from '../../src/harness/untilReportsExact.js'
import { expectedTotals, historyBatches, historyEventCount } from '../../src/suites/reportsHistory.js'

t.test('posts a history and waits until the reports show it exactly', (t) =>
  withPlatform('exact-test', { windowSeconds: 1, heartbeatIntervalMs: 300, pollIntervalMs: 100 }, async (platform) => {
    await untilHealthy(platform.url)
    // Within the default allowed lateness (a day), so stage 2 takes every partial.
    const start = Math.floor((Date.now() - DAY_MS / 2) / 60_000) * 60_000
    const spec = {
      start,
      batch: 50,
      campaigns: [
        { campaign: 77, periods: 180 },
        { campaign: 78, periods: 2 },
      ],
    }
    const posted = await postEvents(platform.url, historyBatches(spec), { inFlight: 2 })
    t.equal(posted.events, historyEventCount(spec), 'every event acknowledged')
    t.equal(posted.retries, 0, 'nothing throttled')
    const exact = await untilReportsExact(platform.url, expectedTotals(spec), { pollMs: 100, timeoutMs: 60_000 })
    t.ok(exact.polls >= 1 && exact.ms >= 0, 'exact after some polls', { exact })

    const res = await fetch(`${platform.url}/reports/campaigns/77/period?period=HOURS&from=${start}&to=${start + 3 * 3_600_000}`)
    const rows = ((await res.json()) as { rows: Array<{ bids: number }> }).rows
    t.equal(
      rows.reduce((n, r) => n + r.bids, 0),
      180,
      'the hour rows add up to one bid per minute',
    )

    await t.rejects(
      untilReportsExact(platform.url, new Map([[77, { bids: 1, imps: 0, clicks: 0 }]]), { pollMs: 50, timeoutMs: 200 }),
      /reports not exact after \d+ ms: 77: /,
      'a wrong expectation times out naming the campaign',
    )
  }),
)
