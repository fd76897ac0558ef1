import { randomBytes, randomInt } from 'node:crypto'
import { roundTo, type LatencySummary } from '../harness/measure.js'
import { EventSender } from './EventSender.js'
import { HttpClient, type SigV4Settings } from './HttpClient.js'
import type { LoadOptions } from './loadArgs.js'
import { LoadStats } from './LoadStats.js'
import { eventsPerUser, ExpectedCounts, userPlan, usersStartedBy, type CampaignCounts, type ScenarioConfig } from './scenario.js'
import { verifyReports, type Verification } from './verifyReports.js'

/** A snapshot for a progress display, taken about four times a second. */
export interface LoadProgress {
  readonly phase: 'sending' | 'draining' | 'verifying'
  readonly elapsedSeconds: number
  readonly durationSeconds: number
  readonly users: number
  readonly requests: number
  readonly eventsWritten: number
  readonly errors: number
  readonly inFlight: number
  readonly queued: number
  /** Campaigns whose report still differs (verifying only). */
  readonly differing?: number
}

/** Everything a run measured and verified. */
export interface LoadReport {
  readonly runId: string
  readonly seed: number
  readonly campaignBase: number
  readonly settings: Pick<
    LoadOptions,
    'url' | 'rate' | 'durationSeconds' | 'ramp' | 'noImpFraction' | 'noClickFraction' | 'campaigns' | 'batch' | 'connections' | 'drainSeconds'
  >
  readonly users: number
  readonly requests: number
  /** Responses per status (`error`: no response). */
  readonly statuses: Readonly<Record<string, number>>
  /** The first error body or message per non-200 status. */
  readonly sampleErrors: Readonly<Record<string, string>>
  readonly latencyMs: LatencySummary
  /** Seconds from the first request to the last response. */
  readonly seconds: number
  readonly requestsPerSecond: number
  /** Events acknowledged per second over `seconds`. */
  readonly eventsPerSecond: number
  readonly events: { readonly written: number; readonly refused: number; readonly unknown: number; readonly unsent: number }
  /** The longest the client-side queue got (events waiting for a free connection): a backlog means the API fell behind. */
  readonly maxQueued: number
  /** The counts each campaign's report must show (events of unknown outcome not included). */
  readonly expected: ReadonlyArray<{ readonly campaign: number } & CampaignCounts>
  readonly verification?: Verification
  /** Verified (or, without verification, every event written). */
  readonly pass: boolean
}

/** Hooks of {@link runLoad}. */
export interface LoadHooks {
  readonly onProgress?: (progress: LoadProgress) => void
  /** SigV4 settings when `options.sigv4` (resolve them with `sigV4FromEnv`). */
  readonly sigv4?: SigV4Settings
  /** Pause between report polls. @default 1000 */
  readonly pollMs?: number
}

const TICK_MS = 2

/**
 * Runs the scenario against `options.url`: users arrive at the configured (fixed or ramping) rate
 * over `durationSeconds`, each sending its bid, then its impression, then its click, each only
 * after the previous one was acknowledged. Then it gives started users `drainSeconds` to finish
 * (what is still queued after that is never sent, and so never expected) and, with `verify`,
 * polls the reports API until the counts of every campaign match.
 *
 * @example
 * const report = await runLoad(parseLoadArgs(['--url', url, '--rate', '500', '--duration', '5']).options)
 * console.log(report.pass ? 'PASS' : 'FAIL')
 */
export async function runLoad(options: LoadOptions, hooks: LoadHooks = {}): Promise<LoadReport> {
  const scenario = scenarioOf(options)
  const client = new HttpClient({ connections: options.connections, ...(hooks.sigv4 ? { sigv4: hooks.sigv4 } : {}) })
  const stats = new LoadStats()
  const sender = new EventSender(client, options, stats)
  const expected = new ExpectedCounts()
  const users: Promise<void>[] = []
  let phase: LoadProgress['phase'] = 'sending'
  let differing: number | undefined
  const started = performance.now()
  const progress = (): LoadProgress => ({
    phase,
    elapsedSeconds: (performance.now() - started) / 1000,
    durationSeconds: options.durationSeconds,
    users: users.length,
    requests: stats.requests,
    eventsWritten: stats.events.written,
    errors: stats.requests - (stats.statuses.get('200') ?? 0),
    inFlight: sender.inFlight,
    queued: sender.queued,
    ...(differing === undefined ? {} : { differing }),
  })
  const ticker = hooks.onProgress ? setInterval(() => hooks.onProgress?.(progress()), 250) : undefined
  try {
    await startUsers(options, started, users, (index) => sendTransaction(userPlan(scenario, index), sender, expected))
    phase = 'draining'
    await drainUsers(users, sender, options.drainSeconds)
    let verification: Verification | undefined
    if (options.verify) {
      phase = 'verifying'
      verification = await verifyReports(client, expected, {
        reportsUrl: options.reportsUrl,
        timeoutMs: options.verifyTimeoutSeconds * 1000,
        ...(hooks.pollMs === undefined ? {} : { pollMs: hooks.pollMs }),
        onPoll: (n) => (differing = n),
      })
    }
    return loadReport(options, scenario, { stats, sender, expected, users: users.length, verification })
  } finally {
    if (ticker) clearInterval(ticker)
    client.close()
  }
}

/** The run's scenario: the seed and campaign ids given, or drawn, and a fresh run id. */
function scenarioOf(options: LoadOptions): ScenarioConfig {
  return {
    seed: options.seed ?? randomInt(0, 2 ** 32 - 1),
    runId: randomBytes(4).toString('hex'),
    campaigns: options.campaigns,
    campaignBase: options.campaignBase ?? 1_000_000_000_000 + randomInt(0, 10_000_000) * 10_000,
    noImpFraction: options.noImpFraction,
    noClickFraction: options.noClickFraction,
  }
}

/** Starts users at the configured (fixed or ramping) rate until every user of the run has started. */
async function startUsers(options: LoadOptions, started: number, users: Promise<void>[], runUser: (index: number) => Promise<void>): Promise<void> {
  const usersPerSecond = options.rate / eventsPerUser(options.noImpFraction, options.noClickFraction)
  const totalUsers = usersStartedBy(options.durationSeconds, usersPerSecond, options.durationSeconds, options.ramp)
  while (users.length < totalUsers) {
    const due = Math.min(totalUsers, usersStartedBy((performance.now() - started) / 1000, usersPerSecond, options.durationSeconds, options.ramp))
    while (users.length < due) users.push(runUser(users.length))
    await new Promise((resolve) => setTimeout(resolve, TICK_MS))
  }
}

/** Sends a user's events in order, each after the previous one was acknowledged, and notes what to expect. */
async function sendTransaction(plan: ReturnType<typeof userPlan>, sender: EventSender, expected: ExpectedCounts): Promise<void> {
  for (const kind of plan.events) {
    const outcome = await sender.send(plan, kind)
    if (outcome === 'written') expected.written(plan.campaign, kind)
    if (outcome === 'unknown') expected.uncertain(plan.campaign, kind)
    if (outcome !== 'written') return // a transaction stops at its first failed event, as a real ad server's would
  }
}

/** Gives started users `drainSeconds` to finish; what is still queued after that is never sent. */
async function drainUsers(users: readonly Promise<void>[], sender: EventSender, drainSeconds: number): Promise<void> {
  const allDone = Promise.all(users)
  let timer: NodeJS.Timeout | undefined
  await Promise.race([allDone, new Promise((resolve) => (timer = setTimeout(resolve, drainSeconds * 1000)))])
  clearTimeout(timer)
  sender.close()
  await allDone
}

/** What a run measured, after sending and verifying. */
interface RunMeasures {
  readonly stats: LoadStats
  readonly sender: EventSender
  readonly expected: ExpectedCounts
  readonly users: number
  readonly verification: Verification | undefined
}

function loadReport(options: LoadOptions, scenario: ScenarioConfig, { stats, sender, expected, users, verification }: RunMeasures): LoadReport {
  const seconds = stats.seconds()
  const written = stats.events.written
  return {
    runId: scenario.runId,
    seed: scenario.seed,
    campaignBase: scenario.campaignBase,
    settings: {
      url: options.url,
      rate: options.rate,
      durationSeconds: options.durationSeconds,
      ramp: options.ramp,
      noImpFraction: options.noImpFraction,
      noClickFraction: options.noClickFraction,
      campaigns: options.campaigns,
      batch: options.batch,
      connections: options.connections,
      drainSeconds: options.drainSeconds,
    },
    users,
    requests: stats.requests,
    statuses: Object.fromEntries([...stats.statuses].sort()),
    sampleErrors: Object.fromEntries(stats.sampleErrors),
    latencyMs: stats.latency(),
    seconds: roundTo(seconds, 3),
    requestsPerSecond: seconds > 0 ? roundTo(stats.requests / seconds, 1) : 0,
    eventsPerSecond: seconds > 0 ? roundTo(written / seconds, 1) : 0,
    events: { ...stats.events },
    maxQueued: sender.maxQueued,
    expected: expected.expected().map(([campaign, c]) => ({ campaign, ...c })),
    ...(verification ? { verification } : {}),
    pass: written > 0 && (verification ? verification.pass : stats.events.refused + stats.events.unknown + stats.events.unsent === 0),
  }
}
