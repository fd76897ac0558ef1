import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DescribeStreamSummaryCommand, ListShardsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis'
import t from 'tap'
import { EventSourceMapping, type ShardCheckpoint } from '../../src/eventSourceMapping/index.js'
import { CallLog, countingHandler, mappingOptions, numbered, putAll, services, startMapping, stream, type Put, waitFor } from '../_support/harness.js'

const STREAM = 'esm-reshard'

t.test('SplitShard while records flow: every record once, the parent drained before its children', async (t) => {
  const s = await services(t)
  await stream(s, STREAM, 1)
  const log = new CallLog()
  const dataDir = t.testdir()
  const mapping = await startMapping(t, s, STREAM, {
    name: 'reshard',
    dataDir,
    batchSize: 10,
    discoveryIntervalMs: 100,
    handlerFactory: () => countingHandler(log),
  })

  const puts: Put[] = []
  let producing = true
  let n = 0
  const producer = (async () => {
    while (producing) {
      puts.push(...(await putAll(s.kinesis, STREAM, [{ data: `p${n}`, partitionKey: `key-${n}` }])))
      n += 1
    }
  })()
  await waitFor('records before the split', () => puts.length >= 30)
  await s.kinesis.send(
    new SplitShardCommand({
      StreamName: STREAM,
      ShardToSplit: 'shardId-000000000000',
      NewStartingHashKey: (2n ** 127n).toString(),
    }),
  )
  await waitFor('split done', async () => {
    const { StreamDescriptionSummary } = await s.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }))
    return StreamDescriptionSummary?.StreamStatus === 'ACTIVE'
  })
  await waitFor('records in both children', () => new Set(puts.map((p) => p.shardId)).size === 3)
  const stopAt = puts.length + 30
  await waitFor('records after the split', () => puts.length >= stopAt)
  producing = false
  await producer
  await waitFor('every record delivered', () => log.delivered().length >= puts.length)

  t.same([...log.delivered()].sort(), puts.map((p) => p.data).sort(), 'every record exactly once')
  const { Shards = [] } = await s.kinesis.send(new ListShardsCommand({ StreamName: STREAM }))
  const children = Shards.filter((sh) => sh.ParentShardId === 'shardId-000000000000').map((sh) => sh.ShardId ?? '')
  t.equal(children.length, 2, 'two children')
  const parentCalls = log.calls.filter((c) => c.event.shardId === 'shardId-000000000000')
  const lastParent = Math.max(...parentCalls.map((c) => c.order))
  t.equal(parentCalls.at(-1)?.event.isFinalInvokeForWindow, true, 'the parent ends with a final invoke')
  for (const child of children) {
    const childCalls = log.calls.filter((c) => c.event.shardId === child)
    t.ok(childCalls.length > 0, `${child} was processed`)
    t.ok(Math.min(...childCalls.map((c) => c.order)) > lastParent, `${child} starts after the parent is done`)
    const expected = puts.filter((p) => p.shardId === child).map((p) => p.sequenceNumber)
    const seen = childCalls.flatMap((c) => c.event.Records.map((r) => r.kinesis.sequenceNumber))
    t.same(seen, expected, `${child}: in order`)
  }
  const parentCheckpoint = JSON.parse(await readFile(join(mapping.checkpointDir, 'shardId-000000000000.json'), 'utf8')) as ShardCheckpoint
  t.equal(parentCheckpoint.finished, true, 'the parent checkpoint says finished')
  t.equal(parentCheckpoint.window, null)

  // A restart skips the finished parent and resumes the children from their checkpoints.
  await mapping.stop()
  const again = new CallLog()
  const restarted = new EventSourceMapping(
    mappingOptions(t, s, STREAM, {
      name: 'reshard',
      dataDir,
      discoveryIntervalMs: 100,
      handlerFactory: () => countingHandler(again),
    }),
  )
  t.teardown(() => restarted.stop())
  await restarted.start()
  const more = await putAll(s.kinesis, STREAM, numbered('q', 10))
  await waitFor('new records delivered after restart', () => again.delivered().length >= more.length)
  await waitFor('attached after restart', () => restarted.attached)
  t.same([...again.delivered()].sort(), more.map((p) => p.data).sort(), 'only the new records, once each')
  t.notOk(
    again.calls.some((c) => c.event.shardId === 'shardId-000000000000'),
    'the finished parent is not polled again',
  )
})
