// In-process s3rver and dynalite on free ports for integration tests of any workspace (tests only;
// the local platform has its own, fuller service manager in infra/local).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import S3rver from 's3rver'
import dynalite from 'dynalite'
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import { NodeHttpHandler } from '@smithy/node-http-handler'

const common = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }

export async function startS3(bucket = 'sdp-lake') {
  const directory = await mkdtemp(join(tmpdir(), 'sdp-test-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false })
  const { port } = await server.run()
  const s3 = new S3Client({ ...common, endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, requestHandler: new NodeHttpHandler() })
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  return {
    s3,
    bucket,
    directory,
    async close() {
      s3.destroy()
      const closed = server.close()
      server.httpServer?.closeAllConnections()
      await closed
      await rm(directory, { recursive: true, force: true })
    },
  }
}

export async function startDynamo() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const dynamodb = new DynamoDBClient({ ...common, endpoint: `http://127.0.0.1:${port}`, requestHandler: new NodeHttpHandler() })
  return {
    dynamodb,
    /** Creates a table and waits until it is ACTIVE: dynalite answers a write to a CREATING table with ResourceNotFoundException. */
    async createTable(input: CreateTableCommandInput): Promise<void> {
      await dynamodb.send(new CreateTableCommand(input))
      while ((await dynamodb.send(new DescribeTableCommand({ TableName: input.TableName }))).Table?.TableStatus !== 'ACTIVE') await setTimeout(5)
    },
    async close() {
      dynamodb.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
