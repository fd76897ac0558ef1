import { QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Key } from '@sdp/aggregation-engine'
import { putVersioned } from '../merge/putVersioned.js'
import type { JobResultItem } from './jobMergeCore.js'

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

/** Options of {@link JobResultsTable}. */
export interface JobResultsTableOptions {
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  readonly tableName: string
  /** Concurrent PutItem calls per write. @default 16 */
  readonly concurrency?: number
}

const pad = (ms: number) => String(ms).padStart(16, '0')
const pk = (job: string, key: Key | string) => `${job}#${String(key)}`
const sk = (start: number, end: number) => `${pad(start)}:${pad(end)}`

/**
 * The results of user jobs in one DynamoDB table (`resultsTableDefinition` layout), written by
 * their second stages: one fixed-size item per (job, key, window), `pk = <job>#<key>`,
 * `sk = <start>:<end>` (zero-padded, so windows sort by start), holding the window's final value
 * so far and the version of the stage-2 batch that wrote it — a write never replaces a newer
 * version. Keys compare as text: the number 1 and the string "1" share an item.
 */
export class JobResultsTable {
  constructor(private readonly options: JobResultsTableOptions) {}

  /** Writes each item's absolute value at `version` (see `resultVersion`); items holding a newer version stay. */
  write(items: readonly JobResultItem[], version: string): Promise<{ written: number; stale: number }> {
    const { dynamodb, tableName, concurrency = 16 } = this.options
    const encoded = items.map((i) => ({
      pk: { S: pk(i.job, i.key) },
      sk: { S: sk(i.windowStart, i.windowEnd) },
      key: { S: JSON.stringify(i.key) },
      start: { N: String(i.windowStart) },
      end: { N: String(i.windowEnd) },
      value: { S: JSON.stringify(i.value ?? null) },
    }))
    return putVersioned(dynamodb, tableName, encoded, version, concurrency)
  }

  /** One key's results, by window start: one Query, O(rows returned). */
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
      results.push(...(page.Items ?? []).map(decodeResult))
      start = page.LastEvaluatedKey
    } while (start)
    return results
  }
}

function decodeResult(item: Record<string, AttributeValue>): JobResult {
  return {
    key: JSON.parse(item.key?.S ?? 'null') as Key,
    windowStart: Number(item.start?.N),
    windowEnd: Number(item.end?.N),
    value: JSON.parse(item.value?.S ?? 'null'),
  }
}
