import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException as TableInUseException,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { CreateStreamCommand, DescribeStreamSummaryCommand, ResourceInUseException as StreamInUseException, type KinesisClient } from '@aws-sdk/client-kinesis'
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3'
import { ConfigError, ResourceNotReadyError } from './errors.js'
import { setTimeout as delay } from 'node:timers/promises'

/** What {@link ensureResources} makes sure exists. */
export interface ResourceSpec {
  /** Kinesis stream to create when missing. @default none */
  readonly streamName?: string
  /** Shards of a newly created stream (an existing stream keeps its shards). @default 1 */
  readonly shardCount?: number
  /** DynamoDB tables to create when missing (names need at least 3 characters). @default [] */
  readonly tables?: ReadonlyArray<CreateTableCommandInput>
  /** S3 buckets to create when missing. @default [] */
  readonly buckets?: ReadonlyArray<string>
  /** How long to wait for each resource to become ACTIVE. @default 30000 */
  readonly timeoutMs?: number
}

/** Clients {@link ensureResources} needs (only those for the resources asked for are used). */
export interface ResourceClients {
  readonly kinesis: KinesisClient
  readonly dynamodb: DynamoDBClient
  readonly s3: S3Client
}

/**
 * Creates the stream, tables and buckets that do not exist yet and waits until the stream and
 * tables are ACTIVE. Idempotent: existing resources are left as they are.
 *
 * @param clients - clients of the services to provision
 * @param spec - the resources
 * @example
 * await ensureResources(services, { streamName: 'sdp-events', shardCount: 2, buckets: ['sdp-lake'] })
 */
export async function ensureResources(clients: ResourceClients, spec: ResourceSpec): Promise<void> {
  const timeoutMs = spec.timeoutMs ?? 30_000
  const work: Array<Promise<void>> = []
  if (spec.streamName !== undefined) {
    const shardCount = spec.shardCount ?? 1
    if (!Number.isInteger(shardCount) || shardCount < 1) {
      throw new ConfigError(`shardCount must be a positive integer, got ${String(shardCount)}`)
    }
    work.push(ensureStream(clients.kinesis, spec.streamName, shardCount, timeoutMs))
  }
  for (const table of spec.tables ?? []) {
    if ((table.TableName ?? '').length < 3) {
      throw new ConfigError(`table name must have at least 3 characters, got '${table.TableName ?? ''}'`)
    }
    work.push(ensureTable(clients.dynamodb, table, timeoutMs))
  }
  for (const bucket of spec.buckets ?? []) work.push(ensureBucket(clients.s3, bucket))
  await Promise.all(work)
}

async function ensureStream(kinesis: KinesisClient, streamName: string, shardCount: number, timeoutMs: number): Promise<void> {
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }))
  } catch (error) {
    if (!(error instanceof StreamInUseException)) throw error
  }
  await waitUntil(`stream ${streamName}`, timeoutMs, async () => {
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))
    return StreamDescriptionSummary?.StreamStatus === 'ACTIVE'
  })
}

async function ensureTable(dynamodb: DynamoDBClient, table: CreateTableCommandInput, timeoutMs: number): Promise<void> {
  try {
    await dynamodb.send(new CreateTableCommand(table))
  } catch (error) {
    if (!(error instanceof TableInUseException)) throw error
  }
  await waitUntil(`table ${table.TableName ?? ''}`, timeoutMs, async () => {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table.TableName }))
    return Table?.TableStatus === 'ACTIVE'
  })
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }))
    return
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  } catch (error) {
    const name = (error as { name?: unknown }).name
    // A concurrent creator won the race: the bucket exists, which is all we need.
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } }
  return e.name === 'NotFound' || e.name === 'NoSuchBucket' || e.$metadata?.httpStatusCode === 404
}

async function waitUntil(what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await ready()) return
    if (Date.now() > deadline) throw new ResourceNotReadyError(`${what} did not become ACTIVE within ${timeoutMs} ms`)
    await delay(25)
  }
}
