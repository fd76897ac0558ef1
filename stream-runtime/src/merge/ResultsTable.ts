import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  GetItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import type { Json } from '@sdp/aggregation-engine'
import { slotOf } from '../exchange/partialBuckets.js'
import type { DirectoryEntry, ResultItem } from './mergePartials.js'
import { putVersioned } from './putVersioned.js'

/** Options of {@link ResultsTable}. */
export interface ResultsTableOptions {
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  readonly tableName: string
  /** Concurrent PutItem calls per write. @default 16 */
  readonly concurrency?: number
}

/** One key's totals as stored: the merged accumulator and the latest period start that counted. */
export interface StoredTotals {
  readonly key: string
  readonly value: Json
  readonly lastPeriod: number
}

/** A stored hour or day: its UTC start and its accumulators by start (periods) or by hour of the day. */
export interface StoredRollup {
  readonly start: number
  readonly slots: Readonly<Record<string, Json>>
}

/** Partition of the directory: 256 slot items hold the totals of their keys. */
const DIRECTORY = 'dir'
const pk = { hour: (key: string) => `h#${key}`, day: (key: string) => `d#${key}`, month: (key: string) => `m#${key}` } as const
/** Sort keys are text, so times are zero-padded to sort as numbers. */
const at = (t: number): string => String(Math.max(0, Math.min(t, 9_999_999_999_999_998))).padStart(16, '0')

/**
 * The results store: final values written by stage 2, read by the reports. One table of
 * fixed-size items, each holding an absolute value and the version of the stage-2 batch that
 * wrote it:
 * - `dir` / `<slot>`: the totals and latest period of the keys of one of 256 directory slots (by
 *   the key's MD5) — one GetItem for a key's totals, one Query lists every key (no Scan), and a
 *   stage-2 batch rewrites one slot for all its keys there instead of one item per key;
 * - `h#<key>` / `<hour start>`: the accumulators of the periods that start in one UTC hour;
 * - `d#<key>` / `<day start>`: the totals of the hours of one UTC day before the key's latest hour;
 * - `m#<key>` / `<month start>`: the totals of the days of one UTC month before the day of the
 *   key's latest hour (that day and hour, named by the totals, are read from their own items).
 *
 * A write lands only when its version is not older than the stored one, so a late retry or a
 * replay never moves a value backwards. Needs no transactions.
 */
export class ResultsTable {
  constructor(private readonly options: ResultsTableOptions) {}

  /**
   * Writes every item at `version` (see `resultVersion`); items holding a newer version are left
   * as they are. Directory slots go last: the totals name a key's latest hour, so a reader never
   * sees totals ahead of the hours and days they point to.
   */
  async write(items: readonly ResultItem[], version: string): Promise<{ written: number; stale: number }> {
    const counts = { written: 0, stale: 0 }
    for (const group of [items.filter((i) => i.kind !== 'directory'), items.filter((i) => i.kind === 'directory')]) {
      const done = await this.writeAll(group, version)
      counts.written += done.written
      counts.stale += done.stale
    }
    return counts
  }

  private writeAll(items: readonly ResultItem[], version: string): Promise<{ written: number; stale: number }> {
    const { dynamodb, tableName, concurrency = 16 } = this.options
    return putVersioned(dynamodb, tableName, items.map(encodeItem), version, concurrency)
  }

  /** A key's totals, or undefined when nothing was counted for it. */
  async totals(key: string): Promise<StoredTotals | undefined> {
    const out = await this.options.dynamodb.send(new GetItemCommand({ TableName: this.options.tableName, Key: totalsItemKey(key) }))
    const entry = out.Item ? decodeSlot(out.Item)[key] : undefined
    return entry ? { key, value: entry[0], lastPeriod: entry[1] } : undefined
  }

  /** Every key's totals, from the directory's slots. */
  async directory(): Promise<StoredTotals[]> {
    return (await this.query(DIRECTORY)).flatMap((item) => Object.entries(decodeSlot(item)).map(([key, [value, lastPeriod]]) => ({ key, value, lastPeriod })))
  }

  /** The hours of `key` with start in `[from, to)`, in order. */
  async hours(key: string, from: number, to: number): Promise<StoredRollup[]> {
    return (await this.query(pk.hour(key), from, to)).map(decodeRollup)
  }

  /** The days of `key` with start in `[from, to)`, in order. */
  async days(key: string, from: number, to: number): Promise<StoredRollup[]> {
    return (await this.query(pk.day(key), from, to)).map(decodeRollup)
  }

  /** The months of `key` with start in `[from, to)`, in order. */
  async months(key: string, from: number, to: number): Promise<StoredRollup[]> {
    return (await this.query(pk.month(key), from, to)).map(decodeRollup)
  }

  /**
   * The latest hour or day item of `key` (one descending Query of one item). Its latest hour is
   * the hour of its latest period; its latest day item may be an older day's when the latest
   * day's first hour is the latest hour.
   */
  async latest(unit: 'hour' | 'day', key: string): Promise<StoredRollup | undefined> {
    const out = await this.options.dynamodb.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk[unit](key) } },
        ScanIndexForward: false,
        Limit: 1,
      }),
    )
    const item = out.Items?.[0]
    return item ? decodeRollup(item) : undefined
  }

  /** The hours of `key` starting at each of `starts` that exist, in order. */
  hoursAt(key: string, starts: readonly number[]): Promise<StoredRollup[]> {
    return this.at(pk.hour(key), starts)
  }

  /** The days of `key` starting at each of `starts` that exist, in order. */
  daysAt(key: string, starts: readonly number[]): Promise<StoredRollup[]> {
    return this.at(pk.day(key), starts)
  }

  /** BatchGetItem by 100 keys, the calls in parallel. */
  private async at(partition: string, starts: readonly number[]): Promise<StoredRollup[]> {
    const { dynamodb, tableName } = this.options
    const chunks = Array.from({ length: Math.ceil(starts.length / 100) }, (_, i) => starts.slice(i * 100, i * 100 + 100))
    const found = await Promise.all(
      chunks.map(async (chunk) => {
        const out: StoredRollup[] = []
        let keys: Record<string, AttributeValue>[] | undefined = chunk.map((s) => ({ pk: { S: partition }, sk: { S: at(s) } }))
        while (keys && keys.length > 0) {
          const page: BatchGetItemCommandOutput = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys } } }))
          for (const item of page.Responses?.[tableName] ?? []) out.push(decodeRollup(item))
          keys = page.UnprocessedKeys?.[tableName]?.Keys
        }
        return out
      }),
    )
    return found.flat().sort((a, b) => a.start - b.start)
  }

  private async query(partition: string, from?: number, to?: number): Promise<Record<string, AttributeValue>[]> {
    const out: Record<string, AttributeValue>[] = []
    const range = from !== undefined && to !== undefined
    if (range && to <= from) return out
    let startKey: Record<string, AttributeValue> | undefined
    do {
      const page = await this.options.dynamodb.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: partition }, ...(range ? { ':from': { S: at(from) }, ':to': { S: at(to - 1) } } : {}) },
          ExclusiveStartKey: startKey,
        }),
      )
      out.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return out
  }
}

function encodeItem(item: ResultItem): Record<string, AttributeValue> {
  switch (item.kind) {
    case 'directory':
      return { pk: { S: DIRECTORY }, sk: { S: slotKey(item.slot) }, a: { S: JSON.stringify(item.entries) } }
    case 'hour':
      return { pk: { S: pk.hour(item.key) }, sk: { S: at(item.start) }, a: { S: JSON.stringify(item.periods) } }
    case 'day':
      return { pk: { S: pk.day(item.key) }, sk: { S: at(item.start) }, a: { S: JSON.stringify(item.hours) } }
    case 'month':
      return { pk: { S: pk.month(item.key) }, sk: { S: at(item.start) }, a: { S: JSON.stringify(item.days) } }
  }
}

const slotKey = (slot: number): string => String(slot).padStart(3, '0')

/** The primary key of the item holding a key's totals: its directory slot. */
export function totalsItemKey(key: string): Record<string, AttributeValue> {
  return { pk: { S: DIRECTORY }, sk: { S: slotKey(slotOf(key)) } }
}

function decodeSlot(item: Record<string, AttributeValue>): Record<string, DirectoryEntry> {
  return JSON.parse(item.a?.S ?? '{}') as Record<string, DirectoryEntry>
}

function decodeRollup(item: Record<string, AttributeValue>): StoredRollup {
  return { start: Number(item.sk?.S), slots: JSON.parse(item.a?.S ?? '{}') as Record<string, Json> }
}

/** CreateTable input of a results table (on-demand billing). */
export function resultsTableDefinition(tableName: string) {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    BillingMode: 'PAY_PER_REQUEST' as const,
  }
}
