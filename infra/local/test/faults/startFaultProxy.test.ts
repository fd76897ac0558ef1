// The fault proxy in front of the real local services: what the SDK sees, and what reaches the service.
import t, { type Test } from 'tap'
import { CreateBucketCommand, PutObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { startLocalServices } from '../../src/localServices.js'
import { parseFaultSpec } from '../../src/faults/FaultSpec.js'
import { faultsOf } from '../../src/faults/FaultCounter.js'

const start = async (t: Test, spec: string) => {
  const services = await startLocalServices({ dataDir: t.testdir(), inMemory: true, faults: parseFaultSpec(spec) })
  t.teardown(() => services.close())
  return services
}

t.test('S3 and DynamoDB errors arrive as the SDK knows them, after its retries', async (t) => {
  const s = await start(t, 's3=1,dynamodb=1,seed=1')
  await s.direct.s3.send(new CreateBucketCommand({ Bucket: 'faults' }))
  const s3Error = await s.s3.send(new PutObjectCommand({ Bucket: 'faults', Key: 'a/b', Body: 'x' })).catch((e: unknown) => e as S3ServiceException)
  t.match(s3Error, { name: /^(SlowDown|InternalError)$/, $metadata: { httpStatusCode: /^(503|500)$/, attempts: 3 } })
  const head = await s.s3.send(new HeadObjectCommand({ Bucket: 'faults', Key: 'a/b' })).catch((e: unknown) => e)
  t.match(head, { $metadata: { httpStatusCode: /^(503|500)$/ } }, 'a HEAD gets the status without a body')
  const dynamoError = await s.dynamodb.send(new GetItemCommand({ TableName: 'nothing', Key: { k: { S: '1' } } })).catch((e: unknown) => e)
  t.match(dynamoError, { name: /^(ProvisionedThroughputExceededException|ThrottlingException)$/, $metadata: { httpStatusCode: 400 } })
  const attempts = (dynamoError as { $metadata: { attempts: number } }).$metadata.attempts
  t.ok(attempts > 1, 'the SDK retried')
  const counts = await s.faults!.currentCounts()
  t.equal(counts.sdkRetries.dynamodb, attempts - 1, 'the SDK retries are counted')
  t.equal(faultsOf(counts, 'dynamodb', 'ProvisionedThroughputExceededException') + faultsOf(counts, 'dynamodb', 'ThrottlingException'), attempts)
})

t.test('a partial PutRecords failure writes only the entries reported written', async (t) => {
  const s = await start(t, 'kinesis=1,seed=4')
  await s.ensureResources({ streamName: 'faults', shardCount: 1 })
  const records = Array.from({ length: 40 }, (_, i) => ({ Data: Buffer.from(`r${i}`), PartitionKey: `k${i}` }))
  let written: string[] = []
  // rate 1: each call is throttled or fails partially; keep the partial answers
  for (let i = 0; i < 20 && written.length === 0; i++) {
    const out = await s.kinesis.send(new PutRecordsCommand({ StreamName: 'faults', Records: records })).catch(() => undefined)
    if (out === undefined) continue
    t.equal(out.Records?.length, 40)
    t.equal(out.FailedRecordCount, out.Records?.filter((r) => r.ErrorCode !== undefined).length)
    t.ok((out.FailedRecordCount ?? 0) > 0)
    written = (out.Records ?? []).flatMap((r, k) => (r.ErrorCode === undefined ? [`r${k}`] : []))
    t.ok(out.Records?.every((r) => (r.ErrorCode === undefined) === (r.SequenceNumber !== undefined)))
  }
  t.ok(written.length > 0, 'some call failed only partially')
  const { ShardIterator } = await s.direct.kinesis.send(
    new GetShardIteratorCommand({ StreamName: 'faults', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
  )
  const { Records = [] } = await s.direct.kinesis.send(new GetRecordsCommand({ ShardIterator }))
  t.same(
    Records.map((r) => Buffer.from(r.Data!).toString()),
    written,
    'the stream holds exactly the entries answered as written',
  )
})

t.test('resets: before the request nothing is applied; after it, the write is there though the caller saw an error', async (t) => {
  const s = await start(t, 'reset=1,seed=2')
  await s.direct.s3.send(new CreateBucketCommand({ Bucket: 'faults' }))
  const error = await s.s3.send(new PutObjectCommand({ Bucket: 'faults', Key: 'x', Body: 'y' })).catch((e: unknown) => e)
  t.ok(error instanceof Error, 'every attempt was cut off')
  const counts = await s.faults!.currentCounts()
  const after = faultsOf(counts, 's3', 'ResetAfterApply')
  const exists = await s.direct.s3.send(new HeadObjectCommand({ Bucket: 'faults', Key: 'x' })).then(
    () => true,
    () => false,
  )
  t.equal(exists, after > 0, 'the object exists exactly when an attempt was applied before its reset')
  t.equal(faultsOf(counts, 's3', 'ResetBeforeRequest') + after, 3)
})

t.test('cover: one of the first calls of a path fails all its SDK attempts and writes nothing; the others meet the other kinds', async (t) => {
  const s = await start(t, 'seed=3,cover=1')
  await s.direct.s3.send(new CreateBucketCommand({ Bucket: 'faults' }))
  const put = (key: string) =>
    s.s3.send(new PutObjectCommand({ Bucket: 'faults', Key: `a/b/${key}`, Body: key })).then(
      (out) => ({ key, ok: true, attempts: out.$metadata.attempts }),
      (error: unknown) => ({ key, ok: false, attempts: (error as S3ServiceException).$metadata.attempts }),
    )
  const exists = (key: string) =>
    s.direct.s3.send(new HeadObjectCommand({ Bucket: 'faults', Key: `a/b/${key}` })).then(
      () => true,
      () => false,
    )
  const calls = []
  for (let i = 0; i < 9; i++) calls.push(await put(String(i)))
  t.same(calls[0], { key: '0', ok: true, attempts: 1 }, 'the first call passes')
  const failed = calls.filter((c) => !c.ok)
  t.ok(failed.length > 0 && failed.every((c) => c.attempts === 3), 'one of the next eight (at least) fails every attempt')
  t.ok((await Promise.all(failed.map((c) => exists(c.key)))).includes(false), 'and wrote nothing')
  t.ok(
    calls.some((c) => c.ok && (c.attempts ?? 0) > 1),
    'others meet a fault and the SDK retries them through',
  )
  const counts = await s.faults!.currentCounts()
  t.ok(
    ['SlowDown', 'InternalError', 'ResetBeforeRequest', 'ResetAfterApply'].every((kind) => faultsOf(counts, 's3', kind as never) > 0),
    'every kind was met',
  )
})
