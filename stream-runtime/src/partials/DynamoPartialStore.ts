import { QueryCommand, ScanCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Json, PartialAccumulator } from '@sdp/aggregation-engine'

/** Attribute-name prefix of one partial inside a (key, window) item. */
const PARTIAL_PREFIX = 'p:'

/** One stored (key, window) item with every partial accumulator merged into it so far, by id. */
export interface StoredWindow {
  readonly key: string
  readonly start: number
  readonly end: number
  readonly partials: ReadonlyMap<string, Json>
}

/** Options of {@link DynamoPartialStore}. */
export interface DynamoPartialStoreOptions {
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  readonly tableName: string
  /** Concurrent UpdateItem calls per write. @default 16 */
  readonly concurrency?: number
}

/**
 * The idempotent partial store (DESIGN.md decision 2): one item per (key, window start), holding
 * each partial accumulator as its own attribute named by the partial's id. Writing a partial is a
 * SET of that attribute, so replaying any invocation any number of times leaves the item as it
 * was; readers merge the attributes. Needs no transactions (dynalite has none).
 *
 * Table: partition key `pk` (S, the key), sort key `sk` (N, window start).
 */
export class DynamoPartialStore {
  constructor(private readonly options: DynamoPartialStoreOptions) {}

  async write(partials: readonly PartialAccumulator[]): Promise<void> {
    const { dynamodb, tableName, concurrency = 16 } = this.options
    let next = 0
    const worker = async () => {
      while (next < partials.length) {
        const p = partials[next++] as PartialAccumulator
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: { S: String(p.key) }, sk: { N: String(p.window.start) } },
            UpdateExpression: 'SET #we = :we, #p = :acc',
            ExpressionAttributeNames: { '#we': 'we', '#p': PARTIAL_PREFIX + p.id },
            ExpressionAttributeValues: { ':we': { N: String(p.window.end) }, ':acc': { S: JSON.stringify(p.accumulator) } },
          }),
        )
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, partials.length) }, worker))
  }

  /** Every stored window of `key` with start in `[from, to]`, in start order (descending when asked). */
  async query(key: string, from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER, descending = false): Promise<StoredWindow[]> {
    const out: StoredWindow[] = []
    let startKey: Record<string, AttributeValue> | undefined
    do {
      const page = await this.options.dynamodb.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': { S: key }, ':from': { N: String(from) }, ':to': { N: String(to) } },
          ScanIndexForward: !descending,
          ExclusiveStartKey: startKey,
        }),
      )
      for (const item of page.Items ?? []) out.push(decodeWindow(key, item))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return out
  }

  /**
   * Every stored window of the table (of every key), page by page in no particular order; with
   * `segment`, only that segment of a parallel Scan. A Scan reads every item of the table.
   */
  async *scan(segment?: { readonly index: number; readonly total: number }): AsyncGenerator<StoredWindow> {
    let startKey: Record<string, AttributeValue> | undefined
    do {
      const page = await this.options.dynamodb.send(
        new ScanCommand({
          TableName: this.options.tableName,
          ExclusiveStartKey: startKey,
          ...(segment ? { Segment: segment.index, TotalSegments: segment.total } : {}),
        }),
      )
      for (const item of page.Items ?? []) yield decodeWindow(item.pk?.S ?? '', item)
      startKey = page.LastEvaluatedKey
    } while (startKey)
  }
}

/** A stored item of `key` as a {@link StoredWindow}: each `p:<id>` attribute is one partial, as JSON. */
function decodeWindow(key: string, item: Record<string, AttributeValue>): StoredWindow {
  const partials = new Map<string, Json>()
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(PARTIAL_PREFIX) && value.S !== undefined) partials.set(name.slice(PARTIAL_PREFIX.length), JSON.parse(value.S) as Json)
  }
  return { key, start: Number(item.sk?.N), end: Number(item.we?.N), partials }
}

/** CreateTable input for a partial-store table (on-demand billing). */
export function partialStoreTableDefinition(tableName: string) {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'N' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    BillingMode: 'PAY_PER_REQUEST' as const,
  }
}
