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
import type { DirectoryEntry, Head, ResultItem } from './mergePartials.js'
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

/** Items of a key read in one BatchGetItem: its head, and hours and days by their starts. */
export interface StoredItems {
  readonly head: Head | undefined
  readonly days: StoredRollup[]
  readonly hours: StoredRollup[]
}

/** Partition of the directory: 256 slot items hold the totals of their keys. */
const DIRECTORY = 'dir'
const HEAD = 'head'
const pk = {
  head: (key: string) => `k#${key}`,
  hour: (key: string) => `h#${key}`,
  day: (key: string) => `d#${key}`,
  month: (key: string) => `m#${key}`,
} as const
/** Sort keys are text, so times are zero-padded to sort as numbers. */
const at = (t: number): string => String(Math.max(0, Math.min(t, 9_999_999_999_999_998))).padStart(16, '0')

/**
 * The results store: final values written by stage 2, read by the reports. One table of
 * fixed-size items, each holding an absolute value and the version of the stage-2 batch that
 * wrote it:
 * - `dir` / `<slot>`: the totals and latest period of the keys of one of 256 directory slots (by
 *   the key's MD5) — one GetItem for a key's totals, one Query lists every key (no Scan), and a
 *   stage-2 batch rewrites one slot for all its keys there instead of one item per key;
 * - `k#<key>` / `head`: the key's head — its latest UTC hour's periods, the totals of the hours
 *   of that hour's day before it and of the days of that day's month before it;
 * - `h#<key>` / `<hour start>`: the accumulators of the periods that start in one UTC hour
 *   before the head's;
 * - `d#<key>` / `<day start>`: the totals of the hours of one UTC day before the head's;
 * - `m#<key>` / `<month start>`: the totals of the days of one UTC month before the head's.
 *
 * The head is the only item a steady stream rewrites, and a report reads it with the items its
 * range cuts in one BatchGetItem, so any report is two requests in parallel.
 *
 * A write lands only when its version is not older than the stored one, so a late retry or a
 * replay never moves a value backwards. Needs no transactions.
 */
export class ResultsTable {
  constructor(private readonly options: ResultsTableOptions) {}

  /**
   * Writes every item at `version` (see `resultVersion`); items holding a newer version are left
   * as they are. Heads and directory slots go last, so that the hours, days and months a head
   * moved past are stored before the head stops holding them.
   */
  async write(items: readonly ResultItem[], version: string): Promise<{ written: number; stale: number }> {
    const counts = { written: 0, stale: 0 }
    const last = (i: ResultItem) => i.kind === 'directory' || i.kind === 'head'
    for (const group of [items.filter((i) => !last(i)), items.filter(last)]) {
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

  /** The head of `key`, or undefined when nothing was counted for it. */
  async head(key: string): Promise<Head | undefined> {
    const out = await this.options.dynamodb.send(new GetItemCommand({ TableName: this.options.tableName, Key: { pk: { S: pk.head(key) }, sk: { S: HEAD } } }))
    return out.Item ? decodeHead(out.Item) : undefined
  }

  /** The head of `key` (when asked) and its days and hours starting at `days` and `hours` that exist, in order: BatchGetItem by 100 keys, the calls in parallel. */
  async itemsAt(key: string, wanted: { readonly head?: boolean; readonly days?: readonly number[]; readonly hours?: readonly number[] }): Promise<StoredItems> {
    const { dynamodb, tableName } = this.options
    const keys = [
      ...(wanted.head ? [{ pk: { S: pk.head(key) }, sk: { S: HEAD } }] : []),
      ...(wanted.days ?? []).map((s) => ({ pk: { S: pk.day(key) }, sk: { S: at(s) } })),
      ...(wanted.hours ?? []).map((s) => ({ pk: { S: pk.hour(key) }, sk: { S: at(s) } })),
    ]
    const chunks = Array.from({ length: Math.ceil(keys.length / 100) }, (_, i) => keys.slice(i * 100, i * 100 + 100))
    const pages = await Promise.all(
      chunks.map(async (chunk) => {
        const out: Record<string, AttributeValue>[] = []
        let pending: Record<string, AttributeValue>[] | undefined = chunk
        while (pending && pending.length > 0) {
          const page: BatchGetItemCommandOutput = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending } } }))
          out.push(...(page.Responses?.[tableName] ?? []))
          pending = page.UnprocessedKeys?.[tableName]?.Keys
        }
        return out
      }),
    )
    const found: StoredItems = { head: undefined, days: [], hours: [] }
    for (const item of pages.flat()) {
      const partition = item.pk?.S ?? ''
      if (partition.startsWith('k#')) Object.assign(found, { head: decodeHead(item) })
      else (partition.startsWith('d#') ? found.days : found.hours).push(decodeRollup(item))
    }
    found.days.sort((a, b) => a.start - b.start)
    found.hours.sort((a, b) => a.start - b.start)
    return found
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
    case 'head':
      return { pk: { S: pk.head(item.key) }, sk: { S: HEAD }, a: { S: JSON.stringify(item.head) } }
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

function decodeHead(item: Record<string, AttributeValue>): Head {
  return JSON.parse(item.a?.S ?? '{}') as Head
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
