import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { silentLogger, startSdpPlatform, type LocalPlatform } from '@sdp/infra'
import { writeHeartbeats } from '@sdp/stream-runtime'
import { generateNexmarkEvents } from './generateNexmarkEvents.js'
import type { NexmarkEvent } from './model.js'
import { canonical, diffResults, isEmptyDiff, type NexmarkExample, type ResultsDiff } from './nexmarkExamples.js'

/** Options of {@link runNexmarkExample}. */
export interface RunExampleOptions {
  /** Events generated (Nexmark's 1 person : 3 auctions : 46 bids). @default 400 */
  readonly events?: number
  /** @default 7 */
  readonly seed?: number
  /** How long the results may take to equal the oracle. @default 120_000 */
  readonly timeoutMs?: number
  /** Polls of the results between checks. @default 500 */
  readonly pollMs?: number
}

/** Where the run writes: the results on `stdout`, progress and differences on `stderr`. */
export interface ExampleOutput {
  stdout(text: string): void
  stderr(text: string): void
}

/** Polls in a row with the same results, every expected window present, after which they are final. */
const SETTLED_POLLS = 4

/** Puts the events on the stream in order, 500 a request, resending what the stream refused. */
async function putEvents(kinesis: KinesisClient, streamName: string, example: NexmarkExample, events: readonly NexmarkEvent[]): Promise<void> {
  for (let from = 0; from < events.length; from += 500) {
    let pending = events.slice(from, from + 500).map((e, i) => ({ Data: Buffer.from(JSON.stringify(e)), PartitionKey: example.partitionKey(e, from + i) }))
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 10) throw new Error(`the stream refused ${pending.length} events 10 times`)
      const { Records = [] } = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: pending }))
      pending = pending.filter((_, i) => Records[i]?.ErrorCode !== undefined)
      if (pending.length > 0) await sleep(100 * 2 ** attempt)
    }
  }
}

/** Waits for `GET /health` to answer 200: every consumer, the job's two stages among them, attached. */
async function untilHealthy(platform: LocalPlatform, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await fetch(`${platform.url}/health`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`the platform's consumers did not attach within ${timeoutMs} ms`)
    await sleep(200)
  }
}

/** The job's results for each key of the oracle, as `<key>|<window start>` → value. */
async function resultsOf(platform: LocalPlatform, example: NexmarkExample, keys: readonly string[]): Promise<Map<string, unknown>> {
  const got = new Map<string, unknown>()
  for (const key of keys) {
    const response = await fetch(`${platform.url}/jobs/${example.job}/results?key=${encodeURIComponent(key)}`)
    if (!response.ok) throw new Error(`GET /jobs/${example.job}/results answered ${response.status}: ${await response.text()}`)
    const body = (await response.json()) as { results: Array<{ key: unknown; windowStart: number; value: unknown }> }
    for (const r of body.results) got.set(`${String(r.key)}|${r.windowStart}`, r.value)
  }
  return got
}

/** Polls until the results equal the oracle (the diff is empty), settle without equalling it, or time runs out. */
async function awaitResults(platform: LocalPlatform, example: NexmarkExample, expected: ReadonlyMap<string, unknown>, options: RunExampleOptions) {
  const keys = [...new Set([...expected.keys()].map((k) => k.split('|')[0] as string))]
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  let previous = ''
  let same = 0
  for (;;) {
    const got = await resultsOf(platform, example, keys)
    const diff = diffResults(expected, got)
    const snapshot = canonical([...got].sort(([a], [b]) => (a < b ? -1 : 1)))
    same = snapshot === previous && diff.missing.length === 0 ? same + 1 : 0
    previous = snapshot
    if (isEmptyDiff(diff) || same >= SETTLED_POLLS || Date.now() > deadline) return { got, diff }
    await sleep(options.pollMs ?? 500)
  }
}

function printResults(got: ReadonlyMap<string, unknown>, out: ExampleOutput): void {
  const rows = [...got].map(([window, value]) => {
    const [key, start] = window.split('|')
    return { key: key as string, start: Number(start), value }
  })
  rows.sort((a, b) => a.start - b.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  out.stdout('key\twindow start\tvalue\n')
  for (const r of rows) out.stdout(`${r.key}\t${new Date(r.start).toISOString()}\t${canonical(r.value)}\n`)
}

function printDiff(job: string, diff: ResultsDiff, out: ExampleOutput): void {
  out.stderr(`${job}: the results differ from the oracle\n`)
  for (const w of diff.missing) out.stderr(`  missing   ${w}\n`)
  for (const w of diff.unexpected) out.stderr(`  unexpected ${w}\n`)
  for (const d of diff.different) out.stderr(`  different ${d.window}: expected ${canonical(d.expected)}, got ${canonical(d.got)}\n`)
}

/**
 * Runs one Nexmark query as `SDP_JOBS` runs a job: starts the local platform with it (its data in a
 * temporary directory), puts generated events on the stream a minute ahead of the clock (none is
 * late however slow the machine), closes every window with a heartbeat on each shard, waits until
 * the results equal the oracle or stop changing, prints them, and stops the platform.
 *
 * @returns 0 when the results equal the oracle, 1 when they do not
 * @example
 * process.exitCode = await runNexmarkExample(NEXMARK_EXAMPLES.q7!, {}, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) })
 */
export async function runNexmarkExample(example: NexmarkExample, options: RunExampleOptions, out: ExampleOutput): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-nexmark-'))
  let platform: LocalPlatform | undefined
  try {
    out.stderr(`${example.job}: starting the platform with ${example.file}\n`)
    platform = await startSdpPlatform({
      port: 0,
      dataDir,
      windowSeconds: 1,
      heartbeatIntervalMs: 500,
      compactionIntervalMs: 0,
      logger: silentLogger,
      jobs: [example.file],
    })
    await untilHealthy(platform, options.timeoutMs ?? 120_000)
    const events = generateNexmarkEvents({ seed: options.seed ?? 7, count: options.events ?? 400, startTs: Date.now() + 60_000 })
    const expected = example.expected(events)
    out.stderr(`${example.job}: putting ${events.length} events on ${platform.streamName}; the oracle expects ${expected.size} windows\n`)
    await putEvents(platform.services.kinesis, platform.streamName, example, events)
    const closing = (events.at(-1)?.ts ?? Date.now()) + 60_000
    await writeHeartbeats({ kinesis: platform.services.kinesis, streamName: platform.streamName, now: () => closing })
    const { got, diff } = await awaitResults(platform, example, expected, options)
    printResults(got, out)
    if (isEmptyDiff(diff)) {
      out.stdout(`${example.job}: ${got.size} windows, equal to the oracle\n`)
      return 0
    }
    printDiff(example.job, diff, out)
    return 1
  } finally {
    await platform?.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
