// Local end to end: the load tool's scenario over HTTP into the in-process platform (ingest →
// kinesalite → the tumbling-window emulator → the reporting handler → dynalite → reports API), with
// exact final counts, against the same requests answered by a trivial handler on the same server.
import { loadavg } from 'node:os'
import { ROUTES } from '@sdp/ingest'
import { median } from '../harness/measure.js'
import { startAckServer, untilHealthy, withPlatform } from '../harness/platform.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import type { LoadReport } from '../load/runLoad.js'
import { runLoadProcess } from './loadProcess.js'
import { measureFreshness, type Freshness, type FreshnessSettings } from './reportsFreshness.js'

/** How the suite drives the platform. */
interface E2eSettings {
  readonly rate: number
  readonly seconds: number
  readonly runs: number
  readonly warmupSeconds: number
  readonly batch: number
  readonly connections: number
  readonly campaigns: number
  readonly windowSeconds: number
  readonly baselineSeconds: number
  /** A short run with one event per request (the original Gatling scenario's requests); 0 skips it. */
  readonly singleEventSeconds: number
  readonly singleEventConnections: number
  /** Trials of the time from the last event to exact reports, on a platform of its own. */
  readonly freshness: FreshnessSettings
}

// Offered 5 % above the target, so keeping up shows as ≥ 5,000 events/s. 250 events per request on
// 2 connections was the fastest of a sweep (20–500 events × 1–16 connections): more requests in
// flight make kinesalite, which serves every PutRecords and GetRecords on the same event loop, slower.
const FULL: E2eSettings = {
  rate: 5_250,
  seconds: 60,
  runs: 3,
  warmupSeconds: 5,
  batch: 250,
  connections: 2,
  campaigns: 100,
  windowSeconds: 5,
  baselineSeconds: 20,
  singleEventSeconds: 10,
  singleEventConnections: 8,
  freshness: { windowSeconds: 5, trials: 7, seconds: 10, transactionsPerSecond: 300, campaigns: 20 },
}
const QUICK: E2eSettings = {
  rate: 1_000,
  seconds: 3,
  runs: 1,
  warmupSeconds: 0,
  batch: 50,
  connections: 2,
  campaigns: 10,
  windowSeconds: 1,
  baselineSeconds: 2,
  singleEventSeconds: 0,
  singleEventConnections: 8,
  freshness: { windowSeconds: 1, trials: 2, seconds: 2, transactionsPerSecond: 50, campaigns: 5 },
}

const loadArgs = (url: string, s: E2eSettings, seconds: number, rate: number, batch: number, verify: boolean, connections = s.connections) => [
  '--url',
  url,
  '--rate',
  String(rate),
  '--duration',
  String(seconds),
  '--batch',
  String(batch),
  '--connections',
  String(connections),
  '--campaigns',
  String(s.campaigns),
  '--drain',
  '10',
  '--verify-timeout',
  '180',
  ...(verify ? [] : ['--no-verify']),
]

/** The numbers of one run that the result keeps. */
function runSummary(r: LoadReport) {
  return {
    eventsPerSecond: r.eventsPerSecond,
    requestsPerSecond: r.requestsPerSecond,
    latencyMs: r.latencyMs,
    events: r.events,
    maxQueued: r.maxQueued,
    statuses: r.statuses,
    campaigns: r.expected.length,
    pass: r.pass,
    verifySeconds: r.verification?.seconds,
    mismatches: r.verification?.mismatchCount,
    firstMismatches: r.verification?.mismatches.slice(0, 3),
  }
}

/** Starts a fresh platform, waits for /health, runs `fn` while sampling each consumer's lag, closes it. */
function withLagSampled<T>(windowSeconds: number, fn: (url: string) => Promise<T>): Promise<{ value: T; maxLagMs: Record<string, number> }> {
  return withPlatform('bench-e2e', { windowSeconds }, async (platform) => {
    const maxLagMs: Record<string, number> = {}
    const sampler = setInterval(() => {
      for (const m of platform.mappings) maxLagMs[m.name] = Math.max(maxLagMs[m.name] ?? 0, Math.round(m.lagMs()))
    }, 500)
    try {
      await untilHealthy(platform.url)
      return { value: await fn(platform.url), maxLagMs }
    } finally {
      clearInterval(sampler)
    }
  })
}

/** The freshness trials as a RESULTS.md section: one row per trial against the bound. */
function freshnessReport(f: Freshness, s: FreshnessSettings): string {
  const rows = f.trials.map((t, i) => `| ${i + 1} | ${t.exactAfterMs} | ${t.reportLagMsAtLastEvent ?? '—'} | ${t.maxReportLagMs ?? '—'} |`)
  return [
    `Reports exact after the last event (${s.trials} trials, windowSeconds ${s.windowSeconds} for both stages; bound ${f.boundMs} ms = ${s.windowSeconds} s + ${s.windowSeconds} s + 3 s): median ${f.medianMs} ms, slowest ${f.maxMs} ms.`,
    '',
    '| trial | ms from the last event to exact reports | `/health` reportLagMs at the last event | largest reportLagMs until exact |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n')
}

/** The same requests, answered by a trivial handler on the same fastify/API Gateway shim. */
async function measureBaseline(s: E2eSettings): Promise<LoadReport> {
  const server = await startAckServer(Object.keys(ROUTES), '{"ok":true}')
  try {
    return await runLoadProcess(loadArgs(server.url, s, s.baselineSeconds, s.rate, s.batch, false))
  } finally {
    await server.close()
  }
}

export const localE2eSuite: BenchmarkSuite = {
  name: 'local-e2e',
  async run({ quick }) {
    const s = quick ? QUICK : FULL
    const loadBefore = loadavg()
    // Each run gets a fresh platform: the join index of the previous runs (kept 20 minutes) would
    // otherwise make every later run slower than the one before, and the runs would not be alike.
    const runs: Array<{ report: LoadReport; maxLagMs: Record<string, number> }> = []
    for (let i = 0; i < s.runs; i++) {
      const { value, maxLagMs } = await withLagSampled(s.windowSeconds, async (url) => {
        if (s.warmupSeconds > 0) await runLoadProcess(loadArgs(url, s, s.warmupSeconds, s.rate, s.batch, false))
        return runLoadProcess(loadArgs(url, s, s.seconds, s.rate, s.batch, true))
      })
      runs.push({ report: value, maxLagMs })
    }
    let single: { report: LoadReport; maxLagMs: Record<string, number> } | undefined
    if (s.singleEventSeconds > 0) {
      const { value, maxLagMs } = await withLagSampled(s.windowSeconds, (url) =>
        runLoadProcess(loadArgs(url, s, s.singleEventSeconds, 2_000, 1, true, s.singleEventConnections)),
      )
      single = { report: value, maxLagMs }
    }

    // Freshness: a moderate steady stream, so the time measured is the two stages' windows, not a backlog.
    const freshness = await measureFreshness(s.freshness)

    const baseline = await measureBaseline(s)
    const loadAfter = loadavg()

    const reports = runs.map((r) => r.report)
    const eventsPerSecond = median(reports.map((r) => r.eventsPerSecond))
    const p50 = median(reports.map((r) => r.latencyMs.p50))
    const p95 = median(reports.map((r) => r.latencyMs.p95))
    const p99 = median(reports.map((r) => r.latencyMs.p99))
    const exact = reports.every((r) => r.pass) ? 1 : 0
    const sustained = reports.every((r) => r.events.unsent === 0 && r.events.refused === 0) ? 1 : 0
    const reportsExactAfter = median(reports.map((r) => r.verification?.seconds ?? Number.NaN))
    return [
      {
        name: 'local-e2e',
        description: `the load tool's bid→impression→click scenario over HTTP (POST /events, ${s.batch} events per request, ${s.connections} in flight) into the in-process platform for ${s.seconds} s at ${s.rate} events/s offered, reports verified exact; then freshness: ms from the last event of a steady stream to exact reports (${s.freshness.trials} trials), against stage-1 window + stage-2 window + 3 s; baseline: the same requests to a trivial handler on the same HTTP stack. Load average ${loadBefore[0]?.toFixed(1)} before, ${loadAfter[0]?.toFixed(1)} after`,
        metrics: {
          eventsPerSecond,
          offeredEventsPerSecond: s.rate,
          p50Ms: p50,
          p95Ms: p95,
          p99Ms: p99,
          countsExact: exact,
          reportsExactAfterSeconds: reportsExactAfter,
          sustainedWithoutBacklog: sustained,
          baselineEventsPerSecond: baseline.eventsPerSecond,
          baselineP99Ms: baseline.latencyMs.p99,
          ratioToBaseline: Number((eventsPerSecond / baseline.eventsPerSecond).toFixed(3)),
          p99OverBaselineX: Number((p99 / baseline.latencyMs.p99).toFixed(1)),
          reportsFreshMedianMs: freshness.medianMs,
          reportsFreshMaxMs: freshness.maxMs,
          reportsFreshBoundMs: freshness.boundMs,
          ...(single ? { singleEventRequestsPerSecond: single.report.requestsPerSecond, singleEventP99Ms: single.report.latencyMs.p99 } : {}),
        },
        targets: [
          target('eventsPerSecond', eventsPerSecond, '>=', 5_000),
          target('p99Ms', p99, '<=', 50),
          target('countsExact', exact, '>=', 1),
          target('reportsFreshMaxMs', freshness.maxMs, '<=', freshness.boundMs),
        ],
        details: {
          settings: s,
          runs: runs.map((r) => ({ ...runSummary(r.report), maxConsumerLagMs: r.maxLagMs })),
          baseline: runSummary(baseline),
          ...(single ? { singleEvent: { ...runSummary(single.report), maxConsumerLagMs: single.maxLagMs, offeredEventsPerSecond: 2_000 } } : {}),
          freshness: {
            ...freshness,
            what: `${s.freshness.trials} trials on a fresh platform (windowSeconds ${s.freshness.windowSeconds}, both reporting stages): ${s.freshness.seconds} s of ${s.freshness.transactionsPerSecond} transactions/s (bid; every 2nd with its impression, every 10th also clicked) to new campaigns, one request every 100 ms, then GET /reports/campaigns/{id} for each every 50 ms until all are exact; ms from the last acknowledged request to the start of the first exact poll; bound = stage-1 window + stage-2 window + 3 s`,
            reportLagMs:
              "/health's reportLagMs (the two stages' mapping lags added up) at the last event and its largest value until exact: a mapping's lag is the age of its oldest record read but not processed, so it does not count the time a stage-1 partial waits for its window to close",
          },
          loadAverage: { before: loadBefore.map((n) => Number(n.toFixed(2))), after: loadAfter.map((n) => Number(n.toFixed(2))) },
          latency: 'per request, from sending to the last byte of the answer (client-side queueing excluded; see maxQueued)',
        },
        report: freshnessReport(freshness, s.freshness),
      },
    ]
  },
}
