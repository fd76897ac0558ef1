// The SQL page's API against the real local services: refusals with their position (and nothing
// run), a live query whose rows equal a brute-force count and the bounded CLI, a late event that
// replaces its window's row, and queries that stop when the client goes away or the server closes.
import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import { createIngestHandler } from '@sdp/ingest'
import { compileQuery } from '@sdp/sql'
import { startHeartbeatTicker } from '@sdp/stream-runtime'
import { LiveQueries, MAX_QUERY_LENGTH, SQL_EXAMPLES, sqlRoutes } from '../../src/dashboard/index.js'
import { startHttpServer, type LocalHttpServer } from '../../src/httpServer.js'
import { silentLogger } from '../../src/logger.js'
import { postEvents, services, stream, waitFor } from '../_support/harness.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const STREAM = 'sql-page-events'
const BIDS_PER_MINUTE = SQL_EXAMPLES[0]!.sql

interface Update {
  readonly id: string
  readonly window_start: number
  readonly window_end: number
  readonly row: Record<string, unknown> | null
}

/** A live query read as the page reads it: the `start` event, then the rows kept by id. */
interface LiveView {
  start: { columns: Array<{ name: string; role: string; type: string }>; plan: string } | undefined
  readonly rows: Map<string, Record<string, unknown>>
  updates: number
  errors: string[]
  ended: boolean
  readonly stop: () => void
}

const post = (url: string, body: string, signal?: AbortSignal) =>
  fetch(`${url}/sql/live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...(signal ? { signal } : {}) })

/** Opens `POST /sql/live` with `sql` and applies its events to a view until the stream ends or `stop`. */
async function openLive(url: string, sql: string): Promise<LiveView> {
  const controller = new AbortController()
  const response = await post(url, JSON.stringify({ sql }), controller.signal)
  if (response.status !== 200 || response.body === null) throw new Error(`POST /sql/live answered ${response.status}: ${await response.text()}`)
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) throw new Error('not an event stream')
  const view: LiveView = { start: undefined, rows: new Map(), updates: 0, errors: [], ended: false, stop: () => controller.abort() }
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())
  void (async () => {
    try {
      for await (const message of events) {
        const data = JSON.parse(message.data) as Record<string, unknown>
        if (message.event === 'start') view.start = data as LiveView['start']
        else if (message.event === 'error') view.errors.push(String(data.message))
        else if (message.event === 'rows')
          for (const u of data.updates as Update[]) {
            view.updates++
            if (u.row === null) view.rows.delete(u.id)
            else view.rows.set(u.id, u.row)
          }
      }
    } catch {
      // aborted by stop()
    } finally {
      view.ended = true
    }
  })()
  return view
}

/** Bids of 3 campaigns over 3 past minutes, some sent twice, plus impressions and clicks the query must not count. */
function traffic(minute: number) {
  const events: Array<Record<string, unknown>> = []
  const expected = new Map<string, number>()
  for (let i = 0; i < 60; i++) {
    const campaign_item_id = 100 + (i % 3)
    const ts = minute + ((i * 7_919) % 180_000)
    events.push({ type: 'bid', tx_id: `sql-${i}`, campaign_item_id, app_uid: `u${i % 7}`, domain: 'a.example', win_price: 1 + (i % 4), ts })
    if (i % 2 === 0) events.push({ type: 'imp', tx_id: `sql-${i}`, win_price: 2, ts: ts + 500 })
    if (i % 6 === 0) events.push({ type: 'click', tx_id: `sql-${i}`, ts: ts + 900 })
    const key = `${Math.floor(ts / 60_000) * 60_000}|${campaign_item_id}`
    expected.set(key, (expected.get(key) ?? 0) + 1)
  }
  return { events: [...events, ...events.slice(0, 20)], expected }
}

const keyed = (rows: Iterable<Record<string, unknown>>) =>
  new Map([...rows].map((r) => [`${String(r.window_start)}|${String(r.campaign_item_id)}`, r.bids as number]))
const sorted = (m: Map<string, number>) => JSON.stringify([...m].sort())

async function platform(t: Test): Promise<{ url: string; server: LocalHttpServer; queries: LiveQueries; kinesisEndpoint: string }> {
  const s = await services(t)
  await stream(s, STREAM, 2)
  const ticker = startHeartbeatTicker({ kinesis: s.kinesis, streamName: STREAM, intervalMs: 200, onError: () => undefined })
  t.teardown(() => ticker.stop())
  const queries = new LiveQueries({ kinesis: s.kinesis, streamName: STREAM, pollMs: 50 })
  const ingest = createIngestHandler({ kinesis: s.kinesis, streamName: STREAM })
  const server = await startHttpServer({
    port: 0,
    routes: [{ method: 'POST', resource: '/events', handler: ingest }, ...sqlRoutes(queries)],
    isReady: () => true,
    logger: silentLogger,
  })
  t.teardown(() => server.close())
  return { url: server.url, server, queries, kinesisEndpoint: s.endpoints.kinesis }
}

t.test('every example compiles', async (t) => {
  t.ok(SQL_EXAMPLES.length >= 4)
  for (const example of SQL_EXAMPLES) t.doesNotThrow(() => compileQuery(example.sql), example.title)
})

t.test('bad requests answer 400 with what was wrong and run nothing', async (t) => {
  const { url, queries } = await platform(t)
  const refusals: Array<[string, string, string]> = [
    ['not json', 'body', 'must be a JSON object {"sql": "<Flink SQL>"}'],
    ['["SELECT 1"]', 'body', 'must be a JSON object {"sql": "<Flink SQL>"}'],
    ['{}', 'sql', 'must be a non-empty string'],
    ['{"sql":"  "}', 'sql', 'must be a non-empty string'],
    ['{"sql":42}', 'sql', 'must be a non-empty string'],
    [JSON.stringify({ sql: BIDS_PER_MINUTE, from: 0 }), 'from', 'is not a field of the request (only sql is)'],
    [JSON.stringify({ sql: 'x'.repeat(MAX_QUERY_LENGTH + 1) }), 'sql', `must be at most ${MAX_QUERY_LENGTH} characters, got ${MAX_QUERY_LENGTH + 1}`],
  ]
  for (const [body, field, message] of refusals) {
    const answer = await post(url, body)
    t.equal(answer.status, 400, body.slice(0, 40))
    t.same(await answer.json(), { error: 'invalid request', errors: [{ field, message }] })
  }

  const wrong = BIDS_PER_MINUTE.replace('GROUP BY window_start, window_end, campaign_item_id', 'GROUP BY window_start, window_end, nope')
  const refused = await post(url, JSON.stringify({ sql: wrong }))
  t.equal(refused.status, 400)
  t.match(refused.headers.get('content-type'), /^application\/json/)
  t.match(await refused.json(), {
    error: 'query refused',
    line: 3,
    column: 36,
    reason: /^unknown column 'nope'/,
    message: /^3:36: unknown column 'nope'/,
  })
  const syntax = await post(url, JSON.stringify({ sql: 'SELEC window_start FROM bids' }))
  t.match(await syntax.json(), { error: 'query refused', line: 1, column: 1, reason: /^syntax error: 'SELEC'/ })
  t.equal(queries.running, 0, 'no query runs')
})

t.test('a live query streams the rows of each window: a brute-force count, the bounded CLI, late rows replaced', async (t) => {
  const { url, queries, kinesisEndpoint } = await platform(t)
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000
  const { events, expected } = traffic(minute)
  await postEvents(url, events, 50)

  const view = await openLive(url, BIDS_PER_MINUTE)
  t.teardown(() => view.stop())
  await waitFor('the live rows to equal the brute-force count', () => sorted(keyed(view.rows.values())) === sorted(expected), 30_000).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}: got ${sorted(keyed(view.rows.values()))}, want ${sorted(expected)}; errors ${view.errors.join('; ')}`)
  })
  t.same(
    view.start?.columns,
    [
      { name: 'window_start', role: 'window_start', type: 'number' },
      { name: 'campaign_item_id', role: 'key', type: 'number' },
      { name: 'bids', role: 'value', type: 'number' },
    ],
    'the start event names each column with its role and type',
  )
  t.match(view.start?.plan, /window: {5}tumbling 1 min on ts/)
  t.equal(queries.running, 1)

  // The bounded CLI over the same stream gives the same table.
  const { stdout } = await promisify(execFile)(
    'npx',
    ['tsx', 'sql/cli/src/sqlCli.ts', '--bounded', '--idle', '1', '--format', 'json', '--url', kinesisEndpoint, '--stream', STREAM, BIDS_PER_MINUTE],
    { cwd: ROOT },
  )
  const cli = (JSON.parse(stdout) as Array<Record<string, unknown>>).map((r) => ({ ...r, window_start: Date.parse(r.window_start as string) }))
  t.equal(sorted(keyed(cli)), sorted(keyed(view.rows.values())), 'the bounded CLI prints the same rows')

  // A late bid for a fired window: its row is replaced, not added.
  const before = view.updates
  const late = { type: 'bid', tx_id: 'sql-late', campaign_item_id: 100, app_uid: 'u', domain: 'a.example', win_price: 1, ts: minute + 1 }
  await postEvents(url, [late], 1)
  const key = `${minute}|100`
  await waitFor('the late bid to update its window', () => keyed(view.rows.values()).get(key) === (expected.get(key) ?? 0) + 1, 30_000)
  t.equal(view.rows.size, expected.size + (expected.has(key) ? 0 : 1), 'replaced, not duplicated')
  t.ok(view.updates > before)

  view.stop()
  await waitFor('the query to stop once the client went away', () => queries.running === 0)
  t.pass('stopped')
})

t.test('closing the server ends the open queries', async (t) => {
  const { url, server, queries } = await platform(t)
  const view = await openLive(url, BIDS_PER_MINUTE)
  await waitFor('the start event', () => view.start !== undefined)
  t.equal(queries.running, 1)
  await server.close()
  t.equal(queries.running, 0, 'stopped before close resolves')
  await waitFor('the client to see the end', () => view.ended)
})

t.test('a stream that cannot be read ends the query with an error event', async (t) => {
  const s = await services(t)
  const queries = new LiveQueries({ kinesis: s.kinesis, streamName: 'no-such-stream', pollMs: 50 })
  const server = await startHttpServer({ port: 0, routes: sqlRoutes(queries), isReady: () => true, logger: silentLogger })
  t.teardown(() => server.close())
  const view = await openLive(server.url, BIDS_PER_MINUTE)
  await waitFor('the stream to end', () => view.ended)
  t.equal(view.errors.length, 1)
  t.match(view.errors[0], /^the query stopped reading no-such-stream: /)
  t.equal(queries.running, 0, 'nothing left running')
})
