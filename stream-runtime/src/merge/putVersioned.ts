import { PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'

/**
 * Puts each item with attribute `v` = `version`, on the condition that the stored item holds no
 * newer version, so a replay or a late retry never moves a value backwards (no transactions
 * needed). `concurrency` PutItem calls at a time.
 *
 * @returns how many items were written, and how many were left as they were (newer already)
 */
export async function putVersioned(
  dynamodb: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  items: ReadonlyArray<Record<string, AttributeValue>>,
  version: string,
  concurrency: number,
): Promise<{ written: number; stale: number }> {
  let next = 0
  const counts = { written: 0, stale: 0 }
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as Record<string, AttributeValue>
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { ...item, v: { S: version } },
            ConditionExpression: 'attribute_not_exists(v) OR v <= :v',
            ExpressionAttributeValues: { ':v': { S: version } },
          }),
        )
        counts.written++
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
        counts.stale++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return counts
}
