/**
 * Shared test support: real in-process local services, a recording window handler, and
 * deadline-based waiting (tests never sleep a fixed time for a result).
 */
import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Test } from 'tap'
import {
  EventSourceMapping,
  type EventSourceMappingOptions,
  type KinesisTumblingWindowEvent,
  type WindowHandlerResponse,
  type WindowState,
} from '../../src/eventSourceMapping/index.js'
import { silentLogger } from '../../src/logger.js'
import { startLocalServices, type LocalServices } from '../../src/localServices.js'

/** Platform settings of a quick test: a free port, 1 s windows, quick heartbeats and polls, no compaction. */
export const TEST_PLATFORM = { port: 0, windowSeconds: 1, heartbeatIntervalMs: 300, pollIntervalMs: 100, compactionIntervalMs: 0 } as const

/** In-memory local services closed at the end of the test. */
export async function services(t: Test): Promise<LocalServices> {
  const s = await startLocalServices({ dataDir: t.testdir(), inMemory: true })
  t.teardown(() => s.close())
  return s
}

/**
 * Options of a test mapping on `streamName`: the services' Kinesis client, the test's directory,
 * 1 s windows, 20 ms polls and no logs, unless `options` says otherwise.
 */
export function mappingOptions(
  t: Test,
  s: LocalServices,
  streamName: string,
  options: Omit<EventSourceMappingOptions, 'kinesis' | 'streamName' | 'dataDir' | 'windowSeconds'> & Partial<EventSourceMappingOptions>,
): EventSourceMappingOptions {
  return { kinesis: s.kinesis, streamName, windowSeconds: 1, pollIntervalMs: 20, logger: silentLogger, ...options, dataDir: options.dataDir ?? t.testdir() }
}

/** A mapping made with {@link mappingOptions}, started, and stopped when the test ends. */
export async function startMapping(t: Test, s: LocalServices, streamName: string, options: Parameters<typeof mappingOptions>[3]): Promise<EventSourceMapping> {
  const mapping = new EventSourceMapping(mappingOptions(t, s, streamName, options))
  t.teardown(() => mapping.stop())
  await mapping.start()
  return mapping
}

/** `count` records `<prefix>0`, `<prefix>1`, …, on `partitionKey` when given (else each on its own data). */
export function numbered(prefix: string, count: number, partitionKey?: string): Array<{ data: string; partitionKey?: string }> {
  return Array.from({ length: count }, (_, i) => ({ data: `${prefix}${i}`, ...(partitionKey === undefined ? {} : { partitionKey }) }))
}

/** Creates a stream with `shardCount` shards and waits until it is ACTIVE. */
export async function stream(s: LocalServices, name: string, shardCount: number): Promise<void> {
  await s.ensureResources({ streamName: name, shardCount })
}

/** A record as a test put it. */
export interface Put {
  readonly data: string
  readonly shardId: string
  readonly sequenceNumber: string
}

/** Puts `data` one record at a time (so per-shard order is the put order). */
export async function putAll(
  kinesis: KinesisClient,
  streamName: string,
  items: ReadonlyArray<{ data: string; partitionKey?: string; explicitHashKey?: string }>,
): Promise<Put[]> {
  const puts: Put[] = []
  for (const item of items) {
    const { ShardId = '', SequenceNumber = '' } = await kinesis.send(
      new PutRecordCommand({
        StreamName: streamName,
        Data: Buffer.from(item.data),
        PartitionKey: item.partitionKey ?? item.data,
        ...(item.explicitHashKey === undefined ? {} : { ExplicitHashKey: item.explicitHashKey }),
      }),
    )
    puts.push({ data: item.data, shardId: ShardId, sequenceNumber: SequenceNumber })
  }
  return puts
}

/** Polls `condition` until true; fails the test with `what` at the deadline. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The counts a campaign's report (`GET /reports/campaigns/{id}`) must show. */
export interface CampaignCounts {
  readonly bids: number
  readonly imps: number
  readonly clicks: number
}

/**
 * POSTs `events` to the platform at `url` (`/events`) in order, `batchSize` to a request.
 *
 * @param check - judges each answer, batches numbered from 1; by default anything but 200 throws
 */
export async function postEvents(
  url: string,
  events: ReadonlyArray<object>,
  batchSize: number,
  check: (response: Response, batch: number) => unknown = expectOk,
): Promise<void> {
  for (let i = 0; i < events.length; i += batchSize) {
    const body = JSON.stringify(events.slice(i, i + batchSize))
    await check(await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), i / batchSize + 1)
  }
}

async function expectOk(response: Response): Promise<void> {
  if (response.status !== 200) throw new Error(`POST /events answered ${response.status}: ${await response.text()}`)
}

/**
 * The campaigns whose report on the platform at `url` differs from `expected`, as
 * `id: got != want` lines; empty when every one is exact.
 *
 * @param read - reads a report's JSON; by default whatever the status
 */
export async function reportMismatches(
  url: string,
  expected: ReadonlyMap<number, CampaignCounts>,
  read: (url: string) => Promise<unknown> = async (report) => (await fetch(report)).json(),
): Promise<string[]> {
  const wrong: string[] = []
  for (const [campaign, want] of expected) {
    const got = (await read(`${url}/reports/campaigns/${campaign}`)) as CampaignCounts
    if (got.bids !== want.bids || got.imps !== want.imps || got.clicks !== want.clicks)
      wrong.push(`${campaign}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
  }
  return wrong
}

/** One observed handler call. */
export interface Call {
  /** Global order of the call across all shards and mappings sharing the log. */
  readonly order: number
  readonly event: KinesisTumblingWindowEvent
  readonly response: WindowHandlerResponse | 'threw'
}

/** Decoded payloads of an event's records. */
export function payloads(event: KinesisTumblingWindowEvent): string[] {
  return event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'))
}

/** A shared, ordered log of calls. */
export class CallLog {
  public readonly calls: Call[] = []

  public add(event: KinesisTumblingWindowEvent, response: WindowHandlerResponse | 'threw'): void {
    this.calls.push({ order: this.calls.length, event, response })
  }

  /** Payloads of every successful non-final call, in call order. */
  public delivered(): string[] {
    return this.calls.filter((c) => c.response !== 'threw' && !c.event.isFinalInvokeForWindow).flatMap((c) => payloads(c.event))
  }

  public finals(): Call[] {
    return this.calls.filter((c) => c.event.isFinalInvokeForWindow && c.response !== 'threw')
  }
}

/**
 * A well-behaved window handler: counts records into the state and remembers every call.
 * State: `{ count, seqs }` (the last sequence number of each batch).
 */
export function countingHandler(log: CallLog) {
  return async (event: KinesisTumblingWindowEvent): Promise<WindowHandlerResponse> => {
    const previous = event.state as WindowState & { count?: number; batches?: number }
    const state = event.isFinalInvokeForWindow ? previous : { count: (previous.count ?? 0) + event.Records.length, batches: (previous.batches ?? 0) + 1 }
    const response = { state, batchItemFailures: [] }
    log.add(event, response)
    return response
  }
}
