import { DescribeTableCommand, ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DescribeStreamSummaryCommand, ListStreamsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { setTimeout as delay } from 'node:timers/promises'

const TRANSIENT = new Set(['CREATING', 'UPDATING', 'DELETING'])

/**
 * Waits (at most `timeoutMs`) until no stream or table is in a CREATING/UPDATING/DELETING
 * transition, so the servers' pending transition timers have run before their stores close.
 * Best effort: errors and timeouts end the wait silently (the store settles those on the next
 * start).
 */
export async function waitForQuiescence(clients: { readonly kinesis: KinesisClient; readonly dynamodb: DynamoDBClient }, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  try {
    while (Date.now() < deadline) {
      if (!(await anyTransient(clients))) return
      await delay(20)
    }
  } catch {
    // A service that no longer answers has nothing left to settle here.
  }
}

async function anyTransient(clients: { readonly kinesis: KinesisClient; readonly dynamodb: DynamoDBClient }): Promise<boolean> {
  const { StreamNames = [] } = await clients.kinesis.send(new ListStreamsCommand({}))
  for (const name of StreamNames) {
    const { StreamDescriptionSummary } = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))
    if (TRANSIENT.has(StreamDescriptionSummary?.StreamStatus ?? '')) return true
  }
  const { TableNames = [] } = await clients.dynamodb.send(new ListTablesCommand({}))
  for (const name of TableNames) {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))
    if (TRANSIENT.has(Table?.TableStatus ?? '')) return true
  }
  return false
}
