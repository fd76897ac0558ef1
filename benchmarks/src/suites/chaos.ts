// Chaos: sustained load into `npm start` (a child process) with its services failing (SDP_FAULTS)
// and the platform SIGKILLed and restarted at seeded moments while the load goes on; the client
// resends every batch not answered 200. Then everything must be exact: every campaign's report,
// the lake's parquet_* tables after compaction, and the model's example count. Compared with the
// same load through the fault proxy at rate 0 and no kills, so the proxy's own hop is in both.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatFaultSpec, parseFaultSpec, type FaultCounts } from '@sdp/infra'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { freePort, startPlatformProcess, stopPlatformProcess, type PlatformProcess } from '../harness/platformProcess.js'
import { untilReportsExact, type CampaignTotals } from '../harness/untilReportsExact.js'
import { totalFaults, type FaultTotals, type HealthFaults } from './chaos/faultTally.js'
import { killSchedule } from './chaos/killSchedule.js'
import { runResendingLoad, type ResendingLoadResult } from './chaos/resendingLoad.js'
import { compactAndCount, untilModelTrained, type LakeCounts } from './chaos/verifyLake.js'

interface ChaosSettings {
  /** Offered distinct events per second. */
  readonly rate: number
  readonly durationSeconds: number
  readonly kills: number
  readonly faults: string
  readonly campaigns: number
  readonly batchEvents: number
  readonly connections: number
}

const FULL: ChaosSettings = {
  rate: 2_200,
  durationSeconds: 180,
  kills: 6,
  faults: 's3=0.03,dynamodb=0.03,kinesis=0.02,reset=0.005',
  campaigns: 20,
  batchEvents: 100,
  connections: 4,
}
const QUICK: ChaosSettings = { ...FULL, durationSeconds: 25, kills: 2 }
const BASELINE_FAULTS = 's3=0,dynamodb=0,kinesis=0,reset=0'
const SEED = 7
const CAMPAIGN_BASE = 2_000_000

/** One run's outcome. */
interface RunOutcome {
  readonly spec: string
  readonly kills: number
  readonly killAtSeconds: number[]
  /** Seconds from each kill until the restarted platform answered /health 200. */
  readonly downSeconds: number[]
  readonly load: Omit<ResendingLoadResult, 'expected'>
  readonly sent: { readonly events: number; readonly bids: number; readonly imps: number; readonly clicks: number }
  readonly sendSeconds: number
  readonly ackedEventsPerSecond: number
  /** The same over the time the platform was up (kill to healthy again left out): what it absorbed, backlog included. */
  readonly upAckedEventsPerSecond: number
  readonly reportsExact: boolean
  readonly secondsToExactAfterLastEvent: number
  readonly lost: number
  readonly countedTwice: number
  readonly modelExamples: number
  readonly lake: LakeCounts
  readonly lakeExact: boolean
  readonly faults: FaultTotals
  readonly invocationRetries: number
  /** Each consumer's lag when the reports' wait ended. */
  readonly lagAtEndMs: Readonly<Record<string, number | null>>
  /**
   * Each consumer's failed invocations in the last incarnation when the reports' wait ended: a
   * consumer retrying one invocation forever (stuck) shows them rising with its lag, one merely
   * behind (lagging) does not.
   */
  readonly failuresAtEnd: Readonly<Record<string, number>>
  /** The data directory, kept for inspection when the run was not exact; undefined once removed. */
  readonly keptDataDir: string | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Every campaign's report now. */
async function reportsNow(url: string, campaigns: Iterable<number>): Promise<Map<number, CampaignTotals>> {
  const got = new Map<number, CampaignTotals>()
  for (const campaign of campaigns) {
    const body = (await (await fetch(`${url}/reports/campaigns/${campaign}`)).json()) as Partial<CampaignTotals>
    got.set(campaign, { bids: body.bids ?? 0, imps: body.imps ?? 0, clicks: body.clicks ?? 0 })
  }
  return got
}

/** Events the reports miss and events they count more than once, over every campaign and type. */
function lostAndTwice(expected: ReadonlyMap<number, CampaignTotals>, got: ReadonlyMap<number, CampaignTotals>): { lost: number; twice: number } {
  let lost = 0
  let twice = 0
  for (const [campaign, want] of expected) {
    const have = got.get(campaign) ?? { bids: 0, imps: 0, clicks: 0 }
    for (const field of ['bids', 'imps', 'clicks'] as const) {
      lost += Math.max(0, want[field] - have[field])
      twice += Math.max(0, have[field] - want[field])
    }
  }
  return { lost, twice }
}

/**
 * The platform child of one run: started, SIGKILLed and restarted on its data directory, each
 * incarnation with a fault seed of its own (a restart must not replay the same faults), and its
 * `/health` sampled every 250 ms for the faults met and the invocations that failed.
 */
class ChaosPlatform {
  readonly samples = new Map<number, HealthFaults>()
  readonly failures = new Map<number, number>()
  current: PlatformProcess | undefined
  private incarnation = 0
  private sampling: Promise<void> | undefined
  private stopSampling = false

  constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly faults: string,
  ) {}

  async start(): Promise<void> {
    this.current = await startPlatformProcess(this.port, this.env())
    this.sampling = (async () => {
      while (!this.stopSampling) {
        if (this.current) await this.sample(this.current, this.incarnation)
        await sleep(250)
      }
    })()
  }

  /** SIGKILLs the platform and starts the next incarnation; resolves with the seconds it was down. */
  async killAndRestart(): Promise<number> {
    const victim = this.current as PlatformProcess
    await this.sample(victim, this.incarnation)
    this.current = undefined
    const killed = performance.now()
    await stopPlatformProcess(victim, 'SIGKILL')
    this.incarnation++
    this.current = await startPlatformProcess(this.port, this.env())
    return Math.round((performance.now() - killed) / 100) / 10
  }

  /** Takes a last sample and stops the platform (SIGTERM, or SIGKILL after a failure). */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const live = this.current
    if (live && signal === 'SIGTERM') await this.sample(live, this.incarnation)
    this.stopSampling = true
    await this.sampling
    this.current = undefined
    if (live) await stopPlatformProcess(live, signal)
  }

  private env() {
    return {
      SDP_DATA_DIR: this.dataDir,
      SDP_WINDOW_SECONDS: '1',
      SDP_FAULTS: formatFaultSpec(parseFaultSpec(`${this.faults},seed=${SEED + this.incarnation}`)),
      BID_SESSION_TIMEOUT_SECONDS: '2',
    }
  }

  private async sample(p: PlatformProcess, n: number): Promise<void> {
    try {
      const health = (await (await fetch(`${p.url}/health`)).json()) as { faults?: HealthFaults; consumers?: Record<string, { failures?: number }> }
      if (health.faults) this.samples.set(n, health.faults)
      this.failures.set(
        n,
        Object.values(health.consumers ?? {}).reduce((a, c) => a + (c.failures ?? 0), 0),
      )
    } catch {
      // down or dying: the last good sample of this incarnation stands
    }
  }
}

/** Runs the load against a platform child, killing and restarting it `kills` times at seeded moments, then checks everything. */
async function chaosRun(s: ChaosSettings, faults: string, kills: number): Promise<RunOutcome> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-chaos-'))
  const port = await freePort()
  const platform = new ChaosPlatform(dataDir, port, faults)
  let keep = true
  try {
    await platform.start()
    const durationMs = s.durationSeconds * 1000
    const killAt = kills > 0 ? killSchedule(kills, durationMs, SEED) : []
    const downSeconds: number[] = []
    const loadRun = runResendingLoad({
      url: `http://127.0.0.1:${port}`,
      rate: s.rate,
      durationMs,
      batchEvents: s.batchEvents,
      connections: s.connections,
      campaigns: s.campaigns,
      campaignBase: CAMPAIGN_BASE,
    })
    const loadStarted = performance.now()
    for (const at of killAt) {
      await sleep(Math.max(0, loadStarted + at - performance.now()))
      downSeconds.push(await platform.killAndRestart())
    }
    const { expected, ...load } = await loadRun
    const checked = await checkAfterLoad((platform.current as PlatformProcess).url, dataDir, expected, load.lastAckedAt)
    await platform.stop('SIGTERM')
    // Compaction meets the same faults (its own seed) as the platform did.
    const lake = await compactAndCount(dataDir, parseFaultSpec(`${faults},seed=${SEED + 100}`))
    const sendSeconds = (load.lastAckedAt - load.firstSentAt) / 1000
    const outcome: RunOutcome = {
      spec: faults,
      kills: killAt.length,
      killAtSeconds: killAt.map((ms) => Math.round(ms / 100) / 10),
      downSeconds,
      load,
      sent: { events: expected.events, bids: expected.bids, imps: expected.imps, clicks: expected.clicks },
      sendSeconds: Math.round(sendSeconds * 10) / 10,
      ackedEventsPerSecond: Math.round(expected.events / sendSeconds),
      upAckedEventsPerSecond: Math.round(expected.events / (sendSeconds - downSeconds.reduce((a, b) => a + b, 0))),
      ...checked,
      lake,
      lakeExact: lakeExact(lake, expected),
      faults: totalFaults(platform.samples.values() as Iterable<FaultCounts>),
      invocationRetries: [...platform.failures.values()].reduce((a, b) => a + b, 0),
      keptDataDir: undefined,
    }
    keep = !runExact(outcome)
    return { ...outcome, keptDataDir: keep ? dataDir : undefined }
  } finally {
    await platform.stop('SIGKILL')
    // An inexact run keeps its streams, state and checkpoints for a look at what went wrong.
    if (keep) console.error(`chaos: data directory of the run with ${faults} kept at ${dataDir}`)
    else await rm(dataDir, { recursive: true, force: true })
  }
}

/** The reports (exact, and how soon after the last event) and the model, once the load is over. */
async function checkAfterLoad(url: string, dataDir: string, expected: ResendingLoadResult['expected'], lastAckedAt: number) {
  const exactCall = performance.now()
  const reportsExact = await untilReportsExact(url, expected.reports(), { timeoutMs: 600_000, pollMs: 100 }).then(
    (r) => r,
    () => undefined,
  )
  const secondsToExactAfterLastEvent = reportsExact ? (exactCall + reportsExact.ms - lastAckedAt) / 1000 : Number.NaN
  const { lost, twice } = lostAndTwice(expected.reports(), await reportsNow(url, expected.campaigns.keys()))
  // Inexact reports when the wait ends are lost, still catching up, or held by a stuck consumer: lags and failures tell which.
  const { lagAtEndMs, failuresAtEnd } = await consumersNow(url)
  // Training lags the reports under faults and kills: it gets as long as the reports did.
  const modelExamples = await untilModelTrained(dataDir, expected.bids, 600_000)
  return {
    reportsExact: reportsExact !== undefined,
    secondsToExactAfterLastEvent: Math.round(secondsToExactAfterLastEvent * 10) / 10,
    lost,
    countedTwice: twice,
    lagAtEndMs,
    failuresAtEnd,
    modelExamples,
  }
}

/** Each stream consumer's lag and failed invocations from `/health`, by name (empty when the platform does not answer). */
async function consumersNow(url: string): Promise<Pick<RunOutcome, 'lagAtEndMs' | 'failuresAtEnd'>> {
  try {
    const health = (await (await fetch(`${url}/health`)).json()) as { consumers?: Record<string, { lagMs?: number | null; failures?: number }> }
    const consumers = Object.entries(health.consumers ?? {})
    return {
      lagAtEndMs: Object.fromEntries(consumers.map(([name, c]) => [name, c.lagMs ?? null])),
      failuresAtEnd: Object.fromEntries(consumers.map(([name, c]) => [name, c.failures ?? 0])),
    }
  } catch {
    return { lagAtEndMs: {}, failuresAtEnd: {} }
  }
}

/** A sentence on the consumers when an inexact run's wait ended (empty for an exact run). */
function consumersAtEnd(name: string, r: RunOutcome): string {
  if (r.reportsExact) return ''
  const each = Object.entries(r.lagAtEndMs).map(
    ([consumer, lag]) => `${consumer} ${lag === null ? '?' : Math.round(lag / 100) / 10} s behind, ${r.failuresAtEnd[consumer] ?? 0} failed invocations`,
  )
  return ` Reports of the ${name} run not exact when the wait ended: ${each.join('; ')}.`
}

/** Whether a run ended exact: reports, lake and model. */
const runExact = (r: RunOutcome): boolean => r.reportsExact && r.lost === 0 && r.countedTwice === 0 && r.lakeExact && r.modelExamples === r.sent.bids

/** Whether the lake holds every event once, after compaction. */
function lakeExact(lake: LakeCounts, expected: ResendingLoadResult['expected']): boolean {
  return (
    Object.values(lake.tables).every((c) => c.duplicates === 0) &&
    lake.bcnsByType.bid === expected.bids &&
    (lake.bcnsByType.imp ?? 0) === expected.imps &&
    (lake.bcnsByType.click ?? 0) === expected.clicks &&
    lake.tables.parquet_bcns?.rows === expected.events
  )
}

const SERVICES = ['kinesis', 'dynamodb', 's3'] as const

export const chaosSuite: BenchmarkSuite = {
  name: 'chaos',
  async run({ quick }) {
    const s = quick ? QUICK : FULL
    const baseline = await chaosRun(s, BASELINE_FAULTS, 0)
    const chaos = await chaosRun(s, s.faults, s.kills)
    const allExact = runExact(chaos) && runExact(baseline) ? 1 : 0
    const timeRatio = Math.round((chaos.secondsToExactAfterLastEvent / baseline.secondsToExactAfterLastEvent) * 100) / 100
    const metrics: Record<string, number> = {
      allExact,
      eventsSent: chaos.sent.events,
      offeredEventsPerSecond: s.rate,
      ackedEventsPerSecond: chaos.ackedEventsPerSecond,
      upAckedEventsPerSecond: chaos.upAckedEventsPerSecond,
      kills: chaos.kills,
      lost: chaos.lost,
      countedTwice: chaos.countedTwice,
      ...Object.fromEntries(SERVICES.map((svc) => [`faulted_${svc}`, chaos.faults.faulted[svc]])),
      sdkRetries: SERVICES.reduce((n, svc) => n + chaos.faults.sdkRetries[svc], 0),
      batchResends: chaos.load.resends,
      secondsToExactAfterLastEvent: chaos.secondsToExactAfterLastEvent,
      baselineSecondsToExactAfterLastEvent: baseline.secondsToExactAfterLastEvent,
      timeRatio,
    }
    const row = (name: string, r: RunOutcome) =>
      `| ${name} | \`${r.spec}\` | ${r.kills} | ${r.sent.events.toLocaleString('en-US')} | ${r.ackedEventsPerSecond} (${r.upAckedEventsPerSecond}) | ${r.lost} | ${r.countedTwice} | ${r.reportsExact ? 'yes' : '**no**'} | ${r.lakeExact ? 'yes' : '**no**'} | ${r.modelExamples.toLocaleString('en-US')} / ${r.sent.bids.toLocaleString('en-US')} | ${r.secondsToExactAfterLastEvent} | ${SERVICES.map((svc) => `${r.faults.faulted[svc]} / ${r.faults.requests[svc].toLocaleString('en-US')}`).join(' | ')} | ${SERVICES.reduce((n, svc) => n + r.faults.sdkRetries[svc], 0)} | ${r.invocationRetries} | ${r.load.resends} |`
    const kinds = Object.keys(chaos.faults.byKind).sort()
    const report = [
      `${s.durationSeconds} s of load at ${s.rate.toLocaleString('en-US')} distinct events/s offered (bids, 60 % with an impression, half of those clicked, every 10th bid sent twice; ${s.campaigns} campaigns) in \`POST /events\` batches of up to ${s.batchEvents} events, ${s.connections} in flight, into \`npm start\` as a child process (1 s Lambda windows, bid sessions time out after 2 s). The client resends every batch not answered 200 (a refused connection while the platform is down included). Chaos run: ${chaos.kills} SIGKILLs at seeded moments (${chaos.killAtSeconds.join(', ')} s into the load), each followed at once by a restart on the same data directory and port (down ${chaos.downSeconds.join(', ')} s until /health answered 200); each incarnation's fault proxy has its own seed (${SEED} + restarts). Baseline: the same load through the fault proxy at rate 0, no kills.`,
      "After the last event: the time until every report is exact; then the model trained on every bid once (examples of the latest published version), the platform stopped, the lake compacted through the same faults (its own seed), and the parquet_* tables counted with DuckDB (each identity once; parquet_bcns holds every distinct event, per type). Lost and counted twice are summed over every campaign and count (bids, imps, clicks). Faulted / requests per service are the proxy's counts, summed over the incarnations from `/health` samples every 250 ms (a killed incarnation's last quarter second is not counted). SDK retries: requests with `amz-sdk-request` attempt > 1; invocation retries: the event-source mappings' failed invocations; resends: POST batches sent again. Events/s acked: distinct events over the seconds from the first request to the last 200; while up: the same less the seconds the platform was down.",
      '',
      `| run | SDP_FAULTS (seed per incarnation) | kills | events sent | events/s acked (while up) | lost | counted twice | reports exact | lake exact | model examples / bids | s to exact after last event | kinesis faulted / requests | dynamodb faulted / requests | s3 faulted / requests | SDK retries | invocation retries | batch resends |`,
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      row('baseline', baseline),
      row('chaos', chaos),
      '',
      `Time to exact reports after the last event: ${chaos.secondsToExactAfterLastEvent} s with faults and kills, ${baseline.secondsToExactAfterLastEvent} s at rate 0: **× ${timeRatio}**.`,
      '',
      `Faults injected in the chaos run by kind: ${kinds.map((k) => `${k} ${chaos.faults.byKind[k]}`).join(', ')}. Compaction: ${chaos.lake.compactionPasses} pass(es), ${chaos.lake.compactionFailures} broken by faults. Lake rows after compaction: ${Object.entries(
        chaos.lake.tables,
      )
        .map(([t, c]) => `${t} ${c.rows.toLocaleString('en-US')} (${c.duplicates} repeated)`)
        .join(', ')}.${consumersAtEnd('baseline', baseline)}${consumersAtEnd('chaos', chaos)}`,
    ].join('\n')
    return [
      {
        name: 'chaos',
        description: `${s.durationSeconds} s at ${s.rate.toLocaleString('en-US')} events/s into \`npm start\` with SDP_FAULTS ${s.faults} and ${s.kills} seeded SIGKILL + restarts, the client resending what was not answered 200: reports, lake (after compaction) and model exact; time to exact reports after the last event vs the same load through the proxy at rate 0`,
        metrics,
        targets: [
          target('allExact', allExact, '>=', 1),
          target('lost', chaos.lost, '<=', 0),
          target('countedTwice', chaos.countedTwice, '<=', 0),
          target('kills', chaos.kills, '>=', quick ? 1 : 5),
          target('upAckedEventsPerSecond', chaos.upAckedEventsPerSecond, '>=', 2_000),
        ],
        details: { settings: s, baseline, chaos },
        report,
      },
    ]
  },
}
