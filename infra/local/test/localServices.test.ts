import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CreateStreamCommand, DescribeStreamSummaryCommand, ListStreamsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis'
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError } from '../src/errors.js'
import { startLocalServices } from '../src/localServices.js'
import { waitFor } from './_support/harness.js'

const CRASH_DURING_CREATE = fileURLToPath(new URL('./_support/crashDuringCreate.ts', import.meta.url))

const table = {
  TableName: 'sdp-test',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
}

t.test('starts the three services on free local ports; ensureResources is idempotent; state persists', async (t) => {
  const dataDir = t.testdir()
  const first = await startLocalServices({ dataDir })
  for (const endpoint of Object.values(first.endpoints)) t.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
  const spec = { streamName: 'sdp-events', shardCount: 2, tables: [table], buckets: ['sdp-lake'] }
  await first.ensureResources(spec)
  await first.ensureResources(spec)
  const { StreamDescriptionSummary } = await first.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'sdp-events' }))
  t.equal(StreamDescriptionSummary?.OpenShardCount, 2)
  await first.kinesis.send(new PutRecordCommand({ StreamName: 'sdp-events', PartitionKey: 'k', Data: Buffer.from('x') }))
  await first.dynamodb.send(new PutItemCommand({ TableName: 'sdp-test', Item: { pk: { S: 'a' }, v: { N: '1' } } }))
  await first.s3.send(new PutObjectCommand({ Bucket: 'sdp-lake', Key: 'raw/x.json', Body: '{}' }))
  t.ok(existsSync(join(dataDir, 's3', 'sdp-lake', 'raw', 'x.json._S3rver_object')), 's3rver keeps objects as plain files')
  // Closing right after a create must wait for kinesalite's CREATING timer, not crash.
  await first.kinesis.send(new CreateStreamCommand({ StreamName: 'closing-now', ShardCount: 1 }))
  await first.close()
  await first.close()

  const second = await startLocalServices({ dataDir })
  t.teardown(() => second.close())
  t.same(second.settled, [], 'a clean shutdown leaves nothing to settle')
  await second.ensureResources(spec)
  const item = await second.dynamodb.send(new GetItemCommand({ TableName: 'sdp-test', Key: { pk: { S: 'a' } } }))
  t.same(item.Item, { pk: { S: 'a' }, v: { N: '1' } }, 'DynamoDB data survives a restart')
  const object = await second.s3.send(new GetObjectCommand({ Bucket: 'sdp-lake', Key: 'raw/x.json' }))
  t.equal(await object.Body?.transformToString(), '{}', 'S3 data survives a restart')
  const summary = await second.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'sdp-events' }))
  t.equal(summary.StreamDescriptionSummary?.StreamStatus, 'ACTIVE', 'the stream survives a restart')
})

t.test('a stream left CREATING by a crash is settled on the next start', async (t) => {
  const dataDir = t.testdir()
  const crash = spawnSync(process.execPath, ['--import=tsx', CRASH_DURING_CREATE, dataDir], { encoding: 'utf8' })
  t.equal(crash.status, 0, crash.stderr)
  const second = await startLocalServices({ dataDir })
  t.teardown(() => second.close())
  t.same(second.settled, ['stream half-made (unfinished creation removed)'])
  await second.ensureResources({ streamName: 'half-made', shardCount: 1, timeoutMs: 5_000 })
  t.pass('the stream can be created and becomes ACTIVE')
})

t.test('a second start on the same dataDir is refused with a clear message', async (t) => {
  const dataDir = t.testdir()
  const first = await startLocalServices({ dataDir })
  t.teardown(() => first.close())
  await t.rejects(startLocalServices({ dataDir }), {
    name: 'ConfigError',
    message: /data directory .* is in use by this process/,
  })
})

t.test('in memory leaves nothing under dataDir', async (t) => {
  const dataDir = t.testdir()
  const services = await startLocalServices({ dataDir, inMemory: true })
  await services.ensureResources({ buckets: ['sdp-lake'] })
  t.notOk(existsSync(join(dataDir, 'kinesis')))
  await services.close()
  t.notOk(existsSync(services.s3Directory), 'the temporary S3 directory is removed')
})

t.test('ensureResources checks its input', async (t) => {
  const services = await startLocalServices({ dataDir: t.testdir(), inMemory: true })
  t.teardown(() => services.close())
  await t.rejects(services.ensureResources({ tables: [{ ...table, TableName: 'ab' }] }), ConfigError)
  await t.rejects(services.ensureResources({ streamName: 's', shardCount: 0 }), /shardCount must be a positive integer/)
})

t.test('a services thread that dies is reported; closing afterwards still works', async (t) => {
  const crashes: Error[] = []
  const services = await startLocalServices({ dataDir: t.testdir(), inMemory: true, onCrash: (error) => crashes.push(error) })
  t.teardown(() => services.close())
  t.same(
    services.threads.map((thread) => thread.name),
    ['kinesis', 'dynamodb', 's3'],
  )
  t.equal(new Set(services.threads.map((thread) => thread.threadId)).size, 3, 'each service has a thread of its own')
  await services.threads[0]?.terminate()
  await waitFor('the crash to be reported', () => crashes.length > 0)
  t.match(crashes[0], { name: 'ThreadCrashedError', message: /the kinesis services thread stopped unexpectedly/ })
  await t.rejects(services.kinesis.send(new ListStreamsCommand({})), 'kinesalite no longer answers')
  await services.ensureResources({ buckets: ['still-here'] })
  await services.close()
  t.equal(crashes.length, 1, 'a close is not a crash')
})

t.test('a server that cannot start makes the start fail, not hang', async (t) => {
  const file = join(t.testdir({ 'not-a-dir': '' }), 'not-a-dir')
  await t.rejects(startLocalServices({ dataDir: file }), /not-a-dir/)
})
