import {
  InMemoryStateBackend,
  planWindowInvocation,
  runWindowInvocation,
  type Json,
  type Key,
  type KinesisRecordPayload,
  type KinesisWindowEvent,
  type TimeWindow,
} from '@sdp/aggregation-engine'
import type { CompiledQuery, SqlRow } from '../compile/compileQuery.js'

/** A stream record as the Kinesis API returns it. */
export interface StreamRecord {
  readonly SequenceNumber?: string | undefined
  readonly PartitionKey?: string | undefined
  readonly Data?: Uint8Array | undefined
  readonly ApproximateArrivalTimestamp?: Date | undefined
}

/** A (key, window) group and its merged accumulator. */
interface Group {
  readonly key: Key
  readonly window: TimeWindow
  acc: Json
}

/**
 * A row of a fired window, new or changed: `id` names its (key, window) group, so a window that
 * fires again (a late event within the allowed lateness) replaces the row it sent before; `row` is
 * null when HAVING now drops a row that was sent.
 */
export interface RowUpdate {
  readonly id: string
  readonly window: TimeWindow
  readonly row: SqlRow | null
}

const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/sdp-events'

/**
 * Runs a compiled query over batches read from the stream, the way the Lambda adapter runs it:
 * each batch is one Lambda window of its shard (records, then the final invoke), with the job's
 * keyed state in memory. Fixed windows' partials merge per (key, window), each partial once;
 * sessions arrive as emitted results. No I/O: the caller reads the stream.
 */
export class QueryRun {
  private readonly backend = new InMemoryStateBackend()
  private readonly groups = new Map<string, Group>()
  private readonly partialIds = new Set<string>()
  private readonly sessions: SqlRow[] = []
  private readonly sessionUpdates: RowUpdate[] = []
  /** What {@link takeUpdates} last sent per group, as JSON. */
  private readonly sent = new Map<string, string>()
  private readonly maxTs = new Map<string, number>()
  private readonly lastSequence = new Map<string, string>()
  private readonly printed = new Set<string>()
  private readonly rankedWindows = new Set<string>()
  private sessionsTaken = 0
  private events = 0
  /** Events later than the allowed lateness: not counted, as in Flink's late side output. */
  late = 0

  constructor(private readonly query: CompiledQuery) {}

  /** Runs one batch of a shard's records through the job; says whether it held events, not only heartbeats. */
  add(shardId: string, records: readonly StreamRecord[]): boolean {
    if (records.length === 0) return false
    this.events = 0
    const payloads = records.map((r) => this.payload(shardId, r))
    this.invoke(shardId, [], true, this.invoke(shardId, payloads, false))
    return this.events > 0
  }

  /** End of input: a heartbeat far ahead on every shard closes every window, as Flink's final watermark does. */
  finish(): void {
    for (const shardId of this.maxTs.keys()) {
      const last = this.lastSequence.get(shardId) ?? '0'
      const ts = (this.maxTs.get(shardId) ?? 0) + 366 * 86_400_000
      const data = Buffer.from(JSON.stringify({ type: 'heartbeat', ts, shard_id: shardId })).toString('base64')
      const heartbeat = { kinesisSchemaVersion: '1.0', partitionKey: 'end-of-input', sequenceNumber: `${last}1`, data, approximateArrivalTimestamp: ts / 1000 }
      this.invoke(shardId, [], true, this.invoke(shardId, [heartbeat], false))
    }
  }

  /** Every row so far: merged fixed windows (HAVING applied, a Top-N ranked) and emitted sessions. */
  rows(): SqlRow[] {
    return this.query.rank([...this.fixedRows(() => true).map(([, row]) => row), ...this.sessions])
  }

  /**
   * Rows of the windows the watermark has closed since the last call (fixed windows once, when the
   * slowest shard's watermark passes their end and the query's fire delay; sessions as they are
   * emitted).
   */
  takeFired(bound: number): SqlRow[] {
    const watermark = this.watermark(bound)
    const windowOf = (g: Group) => `${g.window.start}|${g.window.end}`
    const fired = this.fixedRows((g, id) => g.window.end - 1 <= watermark && !this.printed.has(id) && !this.rankedWindows.has(windowOf(g)))
    for (const [id] of fired) this.printed.add(id)
    // A Top-N ranks a window's rows once, all together: a group arriving later cannot join the ranking.
    if (this.query.plan.topN !== undefined) for (const [id] of fired) this.rankedWindows.add(windowOf(this.groups.get(id)!))
    const sessions = this.sessions.slice(this.sessionsTaken)
    this.sessionsTaken = this.sessions.length
    return [...this.query.rank(fired.map(([, row]) => row)), ...sessions]
  }

  /**
   * The rows of closed windows that are new or changed since the last call, each with its group's
   * id: fixed windows once the slowest shard's watermark passes their end, and again whenever a late
   * event changes them; sessions as they are emitted.
   */
  takeUpdates(bound: number): RowUpdate[] {
    const watermark = this.watermark(bound)
    if (this.query.plan.topN !== undefined) return this.rankedUpdates(watermark)
    const updates: RowUpdate[] = []
    for (const [id, g] of this.groups) {
      if (g.window.end - 1 > watermark) continue
      const row = this.query.row(g.key, g.window, this.query.job.accumulators.result(g.acc)) ?? null
      const text = JSON.stringify(row)
      if (this.sent.get(id) === text || (row === null && !this.sent.has(id))) continue
      this.sent.set(id, text)
      updates.push({ id, window: g.window, row })
    }
    return [...updates, ...this.sessionUpdates.splice(0)]
  }

  /**
   * A Top-N's updates: each closed window ranked whole, its rows numbered by rank (`<window>#<i>`),
   * so a late event that changes the ranking replaces the rows it moved and removes those it drops.
   */
  private rankedUpdates(watermark: number): RowUpdate[] {
    const windows = new Map<string, { window: Group['window']; rows: SqlRow[] }>()
    for (const [, g] of this.groups) {
      if (g.window.end - 1 > watermark) continue
      const row = this.query.row(g.key, g.window, this.query.job.accumulators.result(g.acc))
      const id = `${g.window.start}|${g.window.end}`
      const entry = windows.get(id) ?? { window: g.window, rows: [] }
      if (row !== undefined) entry.rows.push(row)
      windows.set(id, entry)
    }
    const updates: RowUpdate[] = []
    for (const [windowId, { window, rows }] of windows) {
      const ranked = this.query.rank(rows)
      for (let i = 0; i < ranked.length || this.sent.has(`${windowId}#${i}`); i++) {
        const id = `${windowId}#${i}`
        const row = ranked[i] ?? null
        const text = JSON.stringify(row)
        if (this.sent.get(id) === text) continue
        if (row === null) this.sent.delete(id)
        else this.sent.set(id, text)
        updates.push({ id, window, row })
      }
    }
    return updates
  }

  /** The slowest shard's watermark, held back by the query's fire delay (an outer join's upper bound). */
  private watermark(bound: number): number {
    return this.maxTs.size === 0 ? Number.MIN_SAFE_INTEGER : Math.min(...this.maxTs.values()) - bound - 1 - this.query.fireDelay
  }

  private fixedRows(keep: (g: Group, id: string) => boolean): Array<[string, SqlRow]> {
    const out: Array<[string, SqlRow]> = []
    for (const [id, g] of this.groups) {
      if (!keep(g, id)) continue
      const row = this.query.row(g.key, g.window, this.query.job.accumulators.result(g.acc))
      if (row !== undefined) out.push([id, row])
    }
    return out.sort(([, a], [, b]) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))))
  }

  private payload(shardId: string, r: StreamRecord): KinesisRecordPayload {
    const data = Buffer.from(r.Data ?? new Uint8Array())
    try {
      const { ts, type } = JSON.parse(data.toString('utf8')) as { ts?: unknown; type?: unknown }
      if (type !== 'heartbeat') this.events++
      if (typeof ts === 'number') this.maxTs.set(shardId, Math.max(this.maxTs.get(shardId) ?? ts, ts))
    } catch {
      // Not JSON: the job dead-letters it.
    }
    if (!this.maxTs.has(shardId)) this.maxTs.set(shardId, Number.MIN_SAFE_INTEGER)
    this.lastSequence.set(shardId, r.SequenceNumber ?? '0')
    return {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.PartitionKey ?? '',
      sequenceNumber: r.SequenceNumber ?? '0',
      data: data.toString('base64'),
      approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
    }
  }

  /** One invocation of a Lambda window that starts with `state`; returns the state it hands on. */
  private invoke(shardId: string, payloads: readonly KinesisRecordPayload[], final: boolean, state: Record<string, Json> = {}): Record<string, Json> {
    const event: KinesisWindowEvent = {
      Records: payloads.map((kinesis) => ({ kinesis, eventSource: 'aws:kinesis', eventID: `${shardId}:${kinesis.sequenceNumber}`, eventSourceARN: ARN })),
      window: { start: '1970-01-01T00:00:00Z', end: '1970-01-01T00:00:01Z' },
      state,
      shardId,
      eventSourceARN: ARN,
      isFinalInvokeForWindow: final,
      isWindowTerminatedEarly: false,
    }
    const plan = planWindowInvocation(event, this.query.job)
    const result = runWindowInvocation(event, this.query.job, this.backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
    this.backend.write(result.segment)
    for (const p of result.partials) {
      const partialId = `${p.id}|${String(p.key)}|${p.window.start}|${p.window.end}`
      if (this.partialIds.has(partialId)) continue
      this.partialIds.add(partialId)
      const id = `${String(p.key)}|${p.window.start}|${p.window.end}`
      const group = this.groups.get(id)
      if (group === undefined) this.groups.set(id, { key: p.key, window: p.window, acc: p.accumulator })
      else group.acc = this.query.job.accumulators.merge(group.acc, p.accumulator)
    }
    this.late += result.late.length
    for (const r of result.emitted) {
      const row = this.query.row(r.key, r.window, r.value)
      if (row === undefined) continue
      this.sessions.push(row)
      this.sessionUpdates.push({ id: `session|${String(r.key)}|${r.window.start}|${r.window.end}`, window: r.window, row })
    }
    return result.response.state
  }
}
