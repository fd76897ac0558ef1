import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Json, Key, PartialAccumulator, PartialAccumulators, WindowResult } from '@sdp/aggregation-engine'
import { StreamRuntimeError } from '../errors.js'

/** One stored result of a job: a (key, window) and its value. */
export interface JobResult {
  readonly key: Key
  readonly windowStart: number
  readonly windowEnd: number
  readonly value: unknown
}

/** Which results to read: one key's windows starting in `[from, to)`, oldest first unless `desc`. */
export interface JobResultsQuery {
  readonly key: string
  readonly from?: number
  readonly to?: number
  readonly desc?: boolean
}

/** Options of {@link JobResultsStore}. */
export interface JobResultsStoreOptions {
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  readonly tableName: string
  /** Concurrent (key, window) merges per write. @default 8 */
  readonly concurrency?: number
  /** Attempts of one merge that keeps losing to a concurrent writer before the batch fails (and is retried). @default 25 */
  readonly maxAttempts?: number
}

const pad = (ms: number) => String(ms).padStart(16, '0')
const pk = (job: string, key: Key | string) => `${job}#${String(key)}`
const sk = (start: number, end: number) => `${pad(start)}:${pad(end)}`

/**
 * The results of custom jobs in one DynamoDB table (`resultsTableDefinition` layout): an item per
 * (job, key, window), `pk = <job>#<key>`, `sk = <start>:<end>` (zero-padded, so windows sort by
 * start). Partials of fixed windows are merged into the item exactly once each: the item keeps the
 * ids it has merged, and every merge is a read and a write conditional on the version it read, so
 * a replayed or doubled partial is skipped and two shards merging at once never lose an update —
 * no transactions needed. Session results (emitted whole) are put as they are; a replay rewrites
 * the same item. Keys compare as text: the number 1 and the string "1" share an item.
 *
 * A direct merge, not a second stage: its writes grow with shards × flushes per window (one
 * conditional update per (key, window) per flush), fine for the local platform and small jobs.
 */
export class JobResultsStore {
  private readonly concurrency: number
  private readonly maxAttempts: number

  constructor(private readonly options: JobResultsStoreOptions) {
    this.concurrency = options.concurrency ?? 8
    this.maxAttempts = options.maxAttempts ?? 25
  }

  /** Merges each partial into its (key, window) once, whatever how often it is written. */
  async mergePartials(job: string, accumulators: PartialAccumulators, partials: readonly PartialAccumulator[]): Promise<void> {
    const groups = new Map<string, PartialAccumulator[]>()
    for (const p of partials) {
      const id = `${pk(job, p.key)}|${sk(p.window.start, p.window.end)}`
      const group = groups.get(id) ?? []
      if (!group.some((q) => q.id === p.id)) groups.set(id, [...group, p]) // a batch may carry a partial twice
    }
    await this.eachLimited([...groups.values()], (group) => this.mergeGroup(job, accumulators, group))
  }

  /** Stores emitted results (session windows) as they are: the latest firing of a window wins. */
  async putEmitted(job: string, results: readonly WindowResult<unknown>[]): Promise<void> {
    await this.eachLimited(results, async (r) => {
      await this.options.dynamodb.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: { ...this.identity(job, r.key, r.window.start, r.window.end), value: { S: JSON.stringify(r.value ?? null) }, firing: { S: r.firing } },
        }),
      )
    })
  }

  /** One key's results, by window start. */
  async query(job: string, query: JobResultsQuery): Promise<JobResult[]> {
    const from = query.from ?? 0
    const to = query.to ?? Number.MAX_SAFE_INTEGER
    const results: JobResult[] = []
    if (from >= to) return results
    let start: Record<string, AttributeValue> | undefined
    do {
      const page = await this.options.dynamodb.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          // ';' sorts after ':' and the digits: every end of a window starting at to - 1.
          ExpressionAttributeValues: { ':pk': { S: pk(job, query.key) }, ':lo': { S: pad(from) }, ':hi': { S: `${pad(to - 1)};` } },
          ScanIndexForward: !query.desc,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      )
      for (const item of page.Items ?? []) {
        results.push({
          key: JSON.parse(item.key?.S ?? 'null') as Key,
          windowStart: Number(item.start?.N),
          windowEnd: Number(item.end?.N),
          value: JSON.parse(item.value?.S ?? 'null'),
        })
      }
      start = page.LastEvaluatedKey
    } while (start)
    return results
  }

  private identity(job: string, key: Key, start: number, end: number): Record<string, AttributeValue> {
    return { pk: { S: pk(job, key) }, sk: { S: sk(start, end) }, key: { S: JSON.stringify(key) }, start: { N: String(start) }, end: { N: String(end) } }
  }

  /** Read, merge what the item has not seen, write if the item is still the version read; again on a lost race. */
  private async mergeGroup(job: string, accumulators: PartialAccumulators, group: readonly PartialAccumulator[]): Promise<void> {
    const { key, window } = group[0]!
    const identity = this.identity(job, key, window.start, window.end)
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const { Item: item } = await this.options.dynamodb.send(
        new GetItemCommand({ TableName: this.options.tableName, Key: { pk: identity.pk!, sk: identity.sk! }, ConsistentRead: true }),
      )
      const seen = new Set(item?.ids?.SS ?? [])
      const fresh = group.filter((p) => !seen.has(p.id))
      if (fresh.length === 0) return
      let acc: Json | undefined = item?.acc?.S === undefined ? undefined : (JSON.parse(item.acc.S) as Json)
      for (const p of fresh) acc = acc === undefined ? p.accumulator : accumulators.merge(acc, p.accumulator)
      const version = Number(item?.ver?.N ?? 0)
      try {
        await this.options.dynamodb.send(
          new UpdateItemCommand({
            TableName: this.options.tableName,
            Key: { pk: identity.pk!, sk: identity.sk! },
            UpdateExpression: 'SET #key = :key, #start = :start, #end = :end, acc = :acc, #value = :value, ver = :next ADD ids :ids',
            ConditionExpression: item === undefined ? 'attribute_not_exists(pk)' : 'ver = :ver',
            ExpressionAttributeNames: { '#key': 'key', '#start': 'start', '#end': 'end', '#value': 'value' },
            ExpressionAttributeValues: {
              ':key': identity.key!,
              ':start': identity.start!,
              ':end': identity.end!,
              ':acc': { S: JSON.stringify(acc) },
              ':value': { S: JSON.stringify(accumulators.result(acc as Json) ?? null) },
              ':next': { N: String(version + 1) },
              ':ids': { SS: fresh.map((p) => p.id) },
              ...(item === undefined ? {} : { ':ver': { N: String(version) } }),
            },
          }),
        )
        return
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
      }
    }
    throw new StreamRuntimeError(
      `results of ${job} for key ${String(key)}, window ${window.start}-${window.end}: lost ${this.maxAttempts} merges in a row to concurrent writers`,
    )
  }

  private async eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
    let next = 0
    const lane = async () => {
      while (next < items.length) await work(items[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, lane))
  }
}
